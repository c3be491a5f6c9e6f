package io.tiergate.server.admin;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.api.Usage;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.RouteInfo;
import io.tiergate.gateway.limits.ExchangeCost;
import io.tiergate.server.FirstUseDataPoint;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus counters of money and tokens by model, tier, key and team: cost and counterfactual cost
 * (US dollars; savings = counterfactual − cost) and tokens by kind (prompt, completion, and the cached
 * and reasoning parts of those). Priced like the ledger. Embedding calls count here too, as in the ledger and
 * the budgets: they are spend (their model tells them apart; their counterfactual is their cost, so they claim
 * no saving). Register it on {@code GatewayMetrics.registry()} so {@code /metrics} shows it. Without
 * exemplars, as {@code CallKindMetrics} explains.
 */
public final class CostMetrics implements ExchangeListener {
    private static final String[] LABELS = {"model", "tier", "key", "team"};

    private final ExchangeCost cost;
    private final Counter dollars;
    private final Counter counterfactualDollars;
    private final Counter tokens;
    private final ConcurrentHashMap<Labels, Series> series = new ConcurrentHashMap<>();

    public CostMetrics(PrometheusRegistry registry, ExchangeCost cost) {
        this.cost = cost;
        this.dollars = Counter.builder().name("tiergate_cost_usd_total")
                .help("What chat and embedding calls cost, US dollars").labelNames(LABELS).withoutExemplars().register(registry);
        this.counterfactualDollars = Counter.builder().name("tiergate_counterfactual_cost_usd_total")
                .help("What the same tokens would have cost on the baseline model, US dollars").labelNames(LABELS).withoutExemplars().register(registry);
        this.tokens = Counter.builder().name("tiergate_tokens_total")
                .help("Tokens of chat and embedding calls by kind (cached is part of prompt, reasoning part of completion)")
                .labelNames("model", "tier", "key", "team", "kind").withoutExemplars().register(registry);
    }

    @Override
    public void onExchange(ChatExchange e) {
        Usage u = e.usage();
        if (u.totalTokens() == 0) return;
        Labels labels = new Labels(e.route().map(RouteInfo::modelLabel).orElse(e.request().model()),
                e.route().map(RouteInfo::tier).orElse("none"), e.caller().keyId(), e.caller().team().orElse("none"));
        Series s = series.computeIfAbsent(labels, Series::new);
        s.dollars.inc(cost.costMicros(e) / 1e6);
        s.counterfactualDollars.inc(cost.counterfactualMicros(e) / 1e6);
        s.add(PROMPT, u.promptTokens());
        s.add(COMPLETION, u.completionTokens());
        s.add(CACHED, u.cachedTokens());
        s.add(REASONING, u.reasoningTokens());
    }

    private static final int PROMPT = 0, COMPLETION = 1, CACHED = 2, REASONING = 3;
    private static final String[] KINDS = {"prompt", "completion", "cached", "reasoning"};

    private record Labels(String model, String tier, String key, String team) {}

    /**
     * One label set's data points, looked up once per label set instead of six {@code labelValues} calls per
     * request. Token series appear on their first tokens: a kind that never occurs is not exported as 0.
     */
    private final class Series {
        final CounterDataPoint dollars;
        final CounterDataPoint counterfactualDollars;
        final List<FirstUseDataPoint<CounterDataPoint>> tokensByKind;

        Series(Labels l) {
            dollars = CostMetrics.this.dollars.labelValues(l.model, l.tier, l.key, l.team);
            counterfactualDollars = CostMetrics.this.counterfactualDollars.labelValues(l.model, l.tier, l.key, l.team);
            tokensByKind = Arrays.stream(KINDS).map(kind -> new FirstUseDataPoint<>(
                    () -> tokens.labelValues(l.model, l.tier, l.key, l.team, kind))).toList();
        }

        void add(int kind, long n) {
            if (n > 0) tokensByKind.get(kind).point().inc(n);
        }
    }
}
