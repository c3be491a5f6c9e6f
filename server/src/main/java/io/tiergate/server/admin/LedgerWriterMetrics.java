package io.tiergate.server.admin;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.ledger.WriterStats;

import java.util.function.Supplier;

/**
 * The ledger writer's counters as gauges read at scrape time: entries accepted, spooled (safe on
 * disk), written (in the database), dropped (queue full past the enqueue timeout) and failed (neither
 * spool nor database took them); the queue depth, the entries waiting in the spool for the database
 * and their bytes against {@code ledger.spool-max-bytes}; the spool's syncs to the disk; entries held in memory
 * while the spool is at its cap, and whether the ledger admits new requests. Alert on dropped and failed: they are audit entries lost; a growing unindexed count while
 * the gateway is quiet means the database refuses writes.
 */
public final class LedgerWriterMetrics {
    private LedgerWriterMetrics() {}

    public static void register(PrometheusRegistry registry, Supplier<WriterStats> stats) {
        GaugeWithCallback.builder().name("tiergate_ledger_entries")
                .help("Ledger entries since start by state: accepted, spooled, written, dropped, failed")
                .labelNames("state")
                .callback(cb -> {
                    WriterStats s = stats.get();
                    cb.call(s.accepted(), "accepted");
                    cb.call(s.spooled(), "spooled");
                    cb.call(s.written(), "written");
                    cb.call(s.dropped(), "dropped");
                    cb.call(s.failed(), "failed");
                }).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_queue_entries")
                .help("Ledger entries waiting for the writer")
                .callback(cb -> cb.call(stats.get().queued())).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_unindexed_entries")
                .help("Ledger entries spooled but not yet in the database")
                .callback(cb -> cb.call(stats.get().unindexed())).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_spool_bytes")
                .help("Bytes of spooled ledger entries not yet in the database; at 7/8 of ledger.spool-max-bytes new requests get 503")
                .callback(cb -> cb.call(stats.get().unindexedBytes())).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_spool_syncs")
                .help("Spool appends synced to the disk (FileChannel.force) since start: one per batch, not per entry")
                .callback(cb -> cb.call(stats.get().spoolSyncs())).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_held_entries")
                .help("Ledger entries of admitted requests waiting in memory because the spool is at ledger.spool-max-bytes")
                .callback(cb -> cb.call(stats.get().held())).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_admitting")
                .help("1 while the ledger admits new requests, 0 while its spool is too full (503 ledger_unavailable)")
                .callback(cb -> cb.call(stats.get().admitting() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("tiergate_ledger_spool_max_bytes")
                .help("ledger.spool-max-bytes, the cap on tiergate_ledger_spool_bytes")
                .callback(cb -> cb.call(stats.get().spoolMaxBytes())).register(registry);
    }
}
