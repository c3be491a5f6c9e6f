package io.tiergate.gateway;

import java.util.Optional;

/**
 * Where a request went and why, as the client sees it in the {@code x-tiergate-*} headers.
 * {@code score} is the router's difficulty score when the router decided. {@code modelLabel} is the
 * model as metrics label it: {@code model} itself, except that a wildcard tier's client-chosen names
 * past a fixed number share one value ({@link WildcardModelLabels}); the ledger and the client see {@code model}.
 */
public record RouteInfo(String requestId, String tier, String backend, String model, String reason,
                        Optional<Double> score, String modelLabel) {

    /** A route whose model is its own label (a configured name). */
    public RouteInfo(String requestId, String tier, String backend, String model, String reason, Optional<Double> score) {
        this(requestId, tier, backend, model, reason, score, model);
    }

    /** The same route served by another replica of its tier. */
    public RouteInfo withBackend(String backendId) {
        return new RouteInfo(requestId, tier, backendId, model, reason, score, modelLabel);
    }
}
