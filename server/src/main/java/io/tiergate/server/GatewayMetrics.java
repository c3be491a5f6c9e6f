package io.tiergate.server;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of finished calls, by model, backend and tier: chat calls under the {@code tiergate_*}
 * families, embedding calls under {@code tiergate_embedding_*} ({@link CallKindMetrics} says which and why).
 * The registry is the one {@code /metrics} scrapes; other listeners (cost, ledger writer) register on it too.
 * A routed call is labelled with its route's {@code modelLabel}, which bounds the names a wildcard tier takes
 * from clients; an unrouted call's name is bounded here.
 */
public final class GatewayMetrics implements ExchangeListener {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CallKindMetrics chat = CallKindMetrics.chat(registry);
    private final CallKindMetrics embeddings = CallKindMetrics.embeddings(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void onExchange(ChatExchange e) {
        CallKindMetrics.Route route = e.route().map(r -> new CallKindMetrics.Route(r.modelLabel(), r.backend(), r.tier()))
                .orElseGet(() -> new CallKindMetrics.Route(unroutedModelLabel(e.request().model()), "none", "none"));
        (e.embedding() ? embeddings : chat).add(route, e);
    }

    /**
     * Distinct model names of calls that ended before a route (unknown model, denied, limited) that get
     * series of their own; later ones are counted as {@value #OTHER_MODELS}. The name is the client's:
     * without a cap, a client sending a new name per request grew the registry without bound. One cap for
     * chat and embedding calls together, since the bound on the registry is what matters.
     */
    static final int MAX_UNROUTED_MODELS = 64;
    static final String OTHER_MODELS = "(other)";
    private final Set<String> unroutedModels = ConcurrentHashMap.newKeySet();

    private String unroutedModelLabel(String model) {
        if (unroutedModels.contains(model)) return model;
        // a race may let a few more than the cap in; the bound matters, not its exact value
        if (unroutedModels.size() >= MAX_UNROUTED_MODELS) return OTHER_MODELS;
        unroutedModels.add(model);
        return model;
    }
}
