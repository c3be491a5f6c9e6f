package io.tiergate.server.admin;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.api.Usage;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.RouteInfo;
import io.tiergate.gateway.limits.ExchangeCost;

/**
 * Prometheus counters of money and tokens by model, tier, key and team: cost and counterfactual cost
 * (US dollars; savings = counterfactual − cost) and tokens by kind (prompt, completion, and the cached
 * and reasoning parts of those). Priced like the ledger. Register it on {@code GatewayMetrics.registry()}
 * so {@code /metrics} shows it.
 */
public final class CostMetrics implements ExchangeListener {
    private static final String[] LABELS = {"model", "tier", "key", "team"};

    private final ExchangeCost cost;
    private final Counter dollars;
    private final Counter counterfactualDollars;
    private final Counter tokens;

    public CostMetrics(PrometheusRegistry registry, ExchangeCost cost) {
        this.cost = cost;
        this.dollars = Counter.builder().name("tiergate_cost_usd_total")
                .help("What chat calls cost, US dollars").labelNames(LABELS).register(registry);
        this.counterfactualDollars = Counter.builder().name("tiergate_counterfactual_cost_usd_total")
                .help("What the same tokens would have cost on the baseline model, US dollars").labelNames(LABELS).register(registry);
        this.tokens = Counter.builder().name("tiergate_tokens_total")
                .help("Tokens of chat calls by kind (cached is part of prompt, reasoning part of completion)")
                .labelNames("model", "tier", "key", "team", "kind").register(registry);
    }

    @Override
    public void onExchange(ChatExchange e) {
        Usage u = e.usage();
        if (u.totalTokens() == 0) return;
        String model = e.route().map(RouteInfo::model).orElse(e.request().model());
        String tier = e.route().map(RouteInfo::tier).orElse("none");
        String key = e.caller().keyId();
        String team = e.caller().team().orElse("none");
        dollars.labelValues(model, tier, key, team).inc(cost.costMicros(e) / 1e6);
        counterfactualDollars.labelValues(model, tier, key, team).inc(cost.counterfactualMicros(e) / 1e6);
        add(model, tier, key, team, "prompt", u.promptTokens());
        add(model, tier, key, team, "completion", u.completionTokens());
        add(model, tier, key, team, "cached", u.cachedTokens());
        add(model, tier, key, team, "reasoning", u.reasoningTokens());
    }

    private void add(String model, String tier, String key, String team, String kind, long n) {
        if (n > 0) tokens.labelValues(model, tier, key, team, kind).inc(n);
    }
}
