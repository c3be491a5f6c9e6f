package io.tiergate.server;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.gateway.ChatExchange;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus families of one kind of call, chat or embedding, by model, backend and tier: requests (with
 * status), errors, latency (seconds), prompt tokens, and for chat also time to the first token (seconds) and
 * completion tokens. Embeddings have families of their own ({@code tiergate_embedding_*}) rather than a label
 * on the chat ones: the chat families keep their names, labels and pre-embedding meaning, and a chat latency
 * quantile mixes in no embedding calls whether or not the dashboard filters. An embedding has no first token
 * and no completion, so those two families do not exist for it: nothing can be observed there.
 *
 * <p>Built {@code withoutExemplars()}: Tiergate attaches no trace ids, yet the default exemplar sampler ran on
 * each increment (a lambda, a rate-limit check and a task on its own scheduler thread), a few percent of the
 * CPU of the audit path in {@code AuditPathCpuTime}.
 */
final class CallKindMetrics {
    /** Upper bounds of the latency and first-token histograms, seconds. */
    private static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final Counter requests;
    private final Counter errors;
    private final Histogram latency;
    private final Counter tokensIn;
    private final Optional<Histogram> ttft;
    private final Optional<Counter> tokensOut;
    private final ConcurrentHashMap<Route, Series> series = new ConcurrentHashMap<>();

    /** Where a call was counted: the route's model, backend and tier, or the asked-for model on "none". */
    record Route(String model, String backend, String tier) {}

    /** {@code tiergate_requests_total}, {@code tiergate_time_to_first_token_seconds} … as before embeddings had their own. */
    static CallKindMetrics chat(PrometheusRegistry registry) {
        return new CallKindMetrics(registry, "tiergate_", "Chat requests", true);
    }

    /** {@code tiergate_embedding_requests_total} … : no first-token or completion-token families. */
    static CallKindMetrics embeddings(PrometheusRegistry registry) {
        return new CallKindMetrics(registry, "tiergate_embedding_", "Embedding requests", false);
    }

    private CallKindMetrics(PrometheusRegistry registry, String prefix, String what, boolean streamsTokens) {
        requests = Counter.builder().name(prefix + "requests_total").help(what + " by model, backend, tier and HTTP status")
                .labelNames("model", "backend", "tier", "status").withoutExemplars().register(registry);
        errors = Counter.builder().name(prefix + "errors_total").help(what + " that ended in an error, by error code")
                .labelNames("model", "backend", "tier", "code").withoutExemplars().register(registry);
        latency = Histogram.builder().name(prefix + "request_duration_seconds").help(what + ": whole request latency")
                .classicOnly().classicUpperBounds(LATENCY_BOUNDS).labelNames("model", "backend", "tier")
                .withoutExemplars().register(registry);
        tokensIn = Counter.builder().name(prefix + "input_tokens_total").help(what + ": prompt tokens")
                .labelNames("model", "backend", "tier").withoutExemplars().register(registry);
        ttft = !streamsTokens ? Optional.empty() : Optional.of(Histogram.builder().name(prefix + "time_to_first_token_seconds")
                .help(what + ": time to the first streamed token").classicOnly().classicUpperBounds(LATENCY_BOUNDS)
                .labelNames("model", "backend", "tier").withoutExemplars().register(registry));
        tokensOut = !streamsTokens ? Optional.empty() : Optional.of(Counter.builder().name(prefix + "output_tokens_total")
                .help(what + ": completion tokens").labelNames("model", "backend", "tier").withoutExemplars().register(registry));
    }

    void add(Route route, ChatExchange e) {
        series.computeIfAbsent(route, Series::new).add(e);
    }

    /**
     * One route's data points, looked up once per route instead of four to six {@code labelValues} calls per
     * request. Statuses and error codes are few, so their data points are kept per value.
     */
    private final class Series {
        final Route route;
        final DistributionDataPoint latency;
        final FirstUseDataPoint<CounterDataPoint> tokensIn;
        final Optional<FirstUseDataPoint<DistributionDataPoint>> ttft;
        final Optional<FirstUseDataPoint<CounterDataPoint>> tokensOut;
        final ConcurrentHashMap<Integer, CounterDataPoint> byStatus = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, CounterDataPoint> byError = new ConcurrentHashMap<>();

        Series(Route r) {
            route = r;
            latency = CallKindMetrics.this.latency.labelValues(r.model, r.backend, r.tier);
            tokensIn = new FirstUseDataPoint<>(() -> CallKindMetrics.this.tokensIn.labelValues(r.model, r.backend, r.tier));
            ttft = CallKindMetrics.this.ttft.map(h -> new FirstUseDataPoint<>(() -> h.labelValues(r.model, r.backend, r.tier)));
            tokensOut = CallKindMetrics.this.tokensOut.map(c -> new FirstUseDataPoint<>(() -> c.labelValues(r.model, r.backend, r.tier)));
        }

        void add(ChatExchange e) {
            byStatus.computeIfAbsent(e.status(), s -> requests.labelValues(route.model, route.backend, route.tier,
                    Integer.toString(s))).inc();
            e.errorCode().ifPresent(code -> byError.computeIfAbsent(code, c -> errors.labelValues(route.model,
                    route.backend, route.tier, c)).inc());
            latency.observe(e.latency().toNanos() / 1e9);
            if (e.usage().promptTokens() > 0) tokensIn.point().inc(e.usage().promptTokens());
            if (ttft.isPresent() && e.timeToFirstToken().isPresent()) {
                ttft.get().point().observe(e.timeToFirstToken().get().toNanos() / 1e9);
            }
            if (tokensOut.isPresent() && e.usage().completionTokens() > 0) {
                tokensOut.get().point().inc(e.usage().completionTokens());
            }
        }
    }
}
