package io.tiergate.server.admin;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.ledger.WriterStats;

import java.util.function.Supplier;

/**
 * The ledger writer's counters as gauges read at scrape time: entries accepted, written, dropped
 * (queue full past the enqueue timeout) and failed (refused by the database after retries), and the
 * queue depth. Alert on dropped and failed: they are audit entries lost.
 */
public final class LedgerWriterMetrics {
    private LedgerWriterMetrics() {}

    public static void register(PrometheusRegistry registry, Supplier<WriterStats> stats) {
        GaugeWithCallback.builder().name("tiergate_ledger_entries")
                .help("Ledger entries since start by state: accepted, written, dropped, failed")
                .labelNames("state")
                .callback(cb -> {
                    WriterStats s = stats.get();
                    cb.call(s.accepted(), "accepted");
                    cb.call(s.written(), "written");
                    cb.call(s.dropped(), "dropped");
                    cb.call(s.failed(), "failed");
                }).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_queue_entries")
                .help("Ledger entries waiting for the writer")
                .callback(cb -> cb.call(stats.get().queued())).register(registry);
    }
}
