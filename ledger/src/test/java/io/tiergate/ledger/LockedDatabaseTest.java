package io.tiergate.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database call that blocks the writer (a real SQLite file locked by another connection: each copy attempt
 * waits out the 5 s busy timeout) leaves entries in the writer's queue, not the spool. Before that queue is full —
 * past which entries are dropped — the ledger stops admitting new requests; once the lock is gone it writes every
 * entry and admits again.
 */
class LockedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aWriterHeldUpByALockedDatabaseStopsAdmittingBeforeItsQueueDropsAnything() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        LedgerConfig config = LedgerContract.config(url).withQueue(1_000, 500);
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config, dir.resolve("spool"))) {
            int n = 0;
            ledger.record(SampleEntries.entry(n++));
            ledger.flush();
            try (Connection other = DriverManager.getConnection(url); Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                s.execute("DELETE FROM ledger_entries WHERE 0"); // holds the write lock
                ledger.record(SampleEntries.entry(n++)); // appended, then its copy waits on the lock
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (ledger.writerStats().spooled() < n && System.nanoTime() < until) Thread.sleep(5);
                Thread.sleep(200);

                while (ledger.admitting() && n < 3_000) ledger.record(SampleEntries.entry(n++));
                WriterStats stuck = ledger.writerStats();
                assertThat(ledger.admitting()).as("refusing new requests while the writer is held up: " + stuck).isFalse();
                assertThat(stuck.admitting()).isFalse();
                assertThat(n).as("at seven eighths of the 1,000-entry queue").isBetween(870, 900);
                assertThat(stuck.dropped()).isZero();
                s.execute("ROLLBACK");
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!ledger.admitting() && System.nanoTime() < until) Thread.sleep(10);
            assertThat(ledger.admitting()).as("admitting again once the writer has caught up").isTrue();
            ledger.flush();
            WriterStats stats = ledger.writerStats();
            assertThat(stats.written()).isEqualTo(n);
            assertThat(stats.dropped() + stats.failed()).isZero();
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(DISTINCT request_id) FROM ledger_entries")).isEqualTo(n);
        }
    }
}
