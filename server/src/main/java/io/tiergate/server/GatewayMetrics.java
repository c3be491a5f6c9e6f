package io.tiergate.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.RouteInfo;

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

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void onExchange(ChatExchange e) {
        String model = e.route().map(RouteInfo::model).orElse(e.request().model());
        String backend = e.route().map(RouteInfo::backend).orElse("none");
        String tier = e.route().map(RouteInfo::tier).orElse("none");
        requests.labelValues(model, backend, tier, Integer.toString(e.status())).inc();
        e.errorCode().ifPresent(code -> errors.labelValues(model, backend, tier, code).inc());
        latency.labelValues(model, backend, tier).observe(e.latency().toNanos() / 1e9);
        e.timeToFirstToken().ifPresent(t -> ttft.labelValues(model, backend, tier).observe(t.toNanos() / 1e9));
        if (e.usage().promptTokens() > 0) tokensIn.labelValues(model, backend, tier).inc(e.usage().promptTokens());
        if (e.usage().completionTokens() > 0) tokensOut.labelValues(model, backend, tier).inc(e.usage().completionTokens());
    }
}
