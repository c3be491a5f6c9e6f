package io.tiergate.server;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of chat calls, by model, backend and tier: requests (with status), errors,
 * latency and time-to-first-token histograms (seconds), tokens in and out.
 *
 * <p>Every metric is built {@code withoutExemplars()}: Tiergate attaches no trace ids, yet the default exemplar
 * sampler ran on each increment (a lambda, a rate-limit check and a task on its own scheduler thread), a few
 * percent of the CPU of the audit path in {@code AuditPathCpuTime}.
 */
public final class GatewayMetrics implements ExchangeListener {
    private static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("tiergate_requests_total")
            .help("Chat requests by model, backend, tier and HTTP status")
            .labelNames("model", "backend", "tier", "status").withoutExemplars().register(registry);
    private final Counter errors = Counter.builder().name("tiergate_errors_total")
            .help("Chat requests that ended in an error, by error code")
            .labelNames("model", "backend", "tier", "code").withoutExemplars().register(registry);
    private final Histogram latency = Histogram.builder().name("tiergate_request_duration_seconds")
            .help("Whole request latency").classicOnly().classicUpperBounds(LATENCY_BOUNDS)
            .labelNames("model", "backend", "tier").withoutExemplars().register(registry);
    private final Histogram ttft = Histogram.builder().name("tiergate_time_to_first_token_seconds")
            .help("Time to the first streamed token").classicOnly().classicUpperBounds(LATENCY_BOUNDS)
            .labelNames("model", "backend", "tier").withoutExemplars().register(registry);
    private final Counter tokensIn = Counter.builder().name("tiergate_input_tokens_total")
            .help("Prompt tokens").labelNames("model", "backend", "tier").withoutExemplars().register(registry);
    private final Counter tokensOut = Counter.builder().name("tiergate_output_tokens_total")
            .help("Completion tokens").labelNames("model", "backend", "tier").withoutExemplars().register(registry);

    private final ConcurrentHashMap<Route, Series> series = new ConcurrentHashMap<>();

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void onExchange(ChatExchange e) {
        Route route = e.route().map(r -> new Route(r.model(), r.backend(), r.tier()))
                .orElseGet(() -> new Route(unroutedModelLabel(e.request().model()), "none", "none"));
        series.computeIfAbsent(route, Series::new).add(e);
    }

    /**
     * Distinct model names of calls that ended before a route (unknown model, denied, limited) that get
     * series of their own; later ones are counted as {@value #OTHER_MODELS}. The name is the client's:
     * without a cap, a client sending a new name per request grew the registry without bound.
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

    private record Route(String model, String backend, String tier) {}

    /**
     * One route's data points, looked up once per request instead of four to six {@code labelValues} calls (each a
     * varargs array, a list and a map look-up: ~1 % of a proxied request's CPU). Statuses and error codes are few,
     * so their data points are kept per value.
     */
    private final class Series {
        final Route route;
        final DistributionDataPoint latency;
        // Created on first use, so a series appears only once it has a value, as with labelValues per request
        // (racing threads get the same data point from the metric; the field only saves the look-up).
        DistributionDataPoint ttft;
        CounterDataPoint tokensIn;
        CounterDataPoint tokensOut;
        final ConcurrentHashMap<Integer, CounterDataPoint> byStatus = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, CounterDataPoint> byError = new ConcurrentHashMap<>();

        Series(Route r) {
            route = r;
            latency = GatewayMetrics.this.latency.labelValues(r.model, r.backend, r.tier);
        }

        void add(ChatExchange e) {
            byStatus.computeIfAbsent(e.status(), s -> requests.labelValues(route.model, route.backend, route.tier,
                    Integer.toString(s))).inc();
            e.errorCode().ifPresent(code -> byError.computeIfAbsent(code, c -> errors.labelValues(route.model,
                    route.backend, route.tier, c)).inc());
            latency.observe(e.latency().toNanos() / 1e9);
            if (e.timeToFirstToken().isPresent()) {
                if (ttft == null) ttft = GatewayMetrics.this.ttft.labelValues(route.model, route.backend, route.tier);
                ttft.observe(e.timeToFirstToken().get().toNanos() / 1e9);
            }
            if (e.usage().promptTokens() > 0) {
                if (tokensIn == null) tokensIn = GatewayMetrics.this.tokensIn.labelValues(route.model, route.backend, route.tier);
                tokensIn.inc(e.usage().promptTokens());
            }
            if (e.usage().completionTokens() > 0) {
                if (tokensOut == null) tokensOut = GatewayMetrics.this.tokensOut.labelValues(route.model, route.backend, route.tier);
                tokensOut.inc(e.usage().completionTokens());
            }
        }
    }
}
