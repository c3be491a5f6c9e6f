package io.tiergate.gateway;

import java.util.Optional;

/**
 * Where a request went and why, as the client sees it in the {@code x-tiergate-*} headers.
 * {@code score} is the router's difficulty score when the router decided.
 */
public record RouteInfo(String requestId, String tier, String backend, String model, String reason,
                        Optional<Double> score) {}
