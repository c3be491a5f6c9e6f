package io.tiergate.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the database refuses every write (a real SQLite file whose trigger aborts inserts), new entries still
 * reach the spool within about a flush interval: the writer's background copy attempts do not sleep through the
 * whole retry backoff (1.25 s), during which nothing was appended and a kill -9 lost more than the promised interval.
 */
class OutageSpoolingTest {
    @TempDir
    Path dir;

    @Test
    void entriesAreSpooledPromptlyWhileTheDatabaseRefusesWrites() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerContract.config(url), dir.resolve("spool"))) {
            RefusedInserts.set(url, true);
            long worstNanos = 0;
            for (int i = 0; i < 40; i++) { // one entry every ~75 ms for ~3 s: several failed copy attempts
                long t0 = System.nanoTime();
                ledger.record(SampleEntries.entry(i));
                long target = i + 1;
                while (ledger.writerStats().spooled() < target && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
                    Thread.sleep(2);
                }
                worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
                Thread.sleep(75);
            }
            WriterStats stats = ledger.writerStats();
            assertThat(stats.spooled()).isEqualTo(40);
            assertThat(stats.written()).as("the database refused them all").isZero();
            // flush interval 100 ms (linger 75 ms) + a refused attempt with its one retry (~50 ms); the old backoff
            // held entries back 1.25 s and more
            assertThat(Duration.ofNanos(worstNanos)).as("longest wait from record to spool").isLessThan(Duration.ofMillis(900));
        }
    }
}
