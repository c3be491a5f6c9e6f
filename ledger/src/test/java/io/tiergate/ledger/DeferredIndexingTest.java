package io.tiergate.ledger;

import io.tiergate.api.LedgerQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the writer copies spooled entries into the database: right away below ~1,000 entries a
 * second or with {@code max-index-lag: 0}; above that, in quiet moments, for readers, and once the
 * oldest has waited the lag.
 */
class DeferredIndexingTest {
    /** ~5,000 entries a second from one thread: busy, as the writer counts it. */
    private static final long PAUSE_NANOS = 200_000;

    @TempDir
    Path dir;

    @Test
    void withoutALagEveryBatchIsIndexedRightAfterItsAppend() throws Exception {
        Load load = runLoad(Duration.ZERO, Duration.ofMillis(1_200));
        // One batch: what arrives in the 75 ms linger plus its append, sync (~4 ms, more when the disk is busy) and copy,
        // ~400 entries at ~5,000 a second; deferred, thousands would wait (the test below)
        assertThat(load.maxUnindexed).as("never more waiting than one batch").isLessThanOrEqualTo(1_000);
    }

    @Test
    void aBusyWriterDefersIndexingAndCatchesUpInTheNextQuietMoment() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("defer"));
        try (JdbcLedger ledger = open(url, Duration.ofSeconds(60))) {
            Load load = record(ledger, Duration.ofMillis(1_200));
            assertThat(load.maxUnindexed).as("entries wait in the spool while busy").isGreaterThan(1_000);
            assertThat(load.rowsWhileBusy).as("the database saw next to nothing during the burst").isLessThan(load.recorded / 2);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ledger.writerStats().written() < load.recorded && System.nanoTime() < until) {
                Thread.sleep(20); // no flush(): the quiet moment alone must trigger indexing
            }
            assertThat(ledger.writerStats().written()).isEqualTo(load.recorded);
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(load.recorded);
        }
    }

    @Test
    void aReportCountsEverythingRecordedEvenWhileIndexingIsDeferred() throws Exception {
        try (JdbcLedger ledger = open(LedgerDatabase.sqliteUrl(dir.resolve("report")), Duration.ofSeconds(60))) {
            Load load = record(ledger, Duration.ofMillis(800));
            long reported = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.NONE)).rows().getFirst().requests();
            assertThat(reported).isEqualTo(load.recorded);
        }
    }

    @Test
    void sustainedLoadIsIndexedNoLaterThanTheLag() throws Exception {
        try (JdbcLedger ledger = open(LedgerDatabase.sqliteUrl(dir.resolve("lag")), Duration.ofMillis(300))) {
            Load load = record(ledger, Duration.ofMillis(1_500));
            assertThat(load.rowsWhileBusy).as("entries older than the lag reach the database during the load")
                    .isGreaterThan(load.recorded / 4);
            assertThat(load.maxUnindexed).as("but newer ones wait").isGreaterThan(500);
        }
    }

    private Load runLoad(Duration lag, Duration length) throws Exception {
        try (JdbcLedger ledger = open(LedgerDatabase.sqliteUrl(dir.resolve("lag-" + lag.toMillis())), lag)) {
            return record(ledger, length);
        }
    }

    private static JdbcLedger open(String url, Duration lag) {
        return new JdbcLedger(LedgerDatabase.open(url), LedgerContract.config(url).withMaxIndexLag(lag));
    }

    /** Records at ~5,000 entries a second for {@code length}, sampling the writer every millisecond. */
    private static Load record(JdbcLedger ledger, Duration length) throws Exception {
        Load load = new Load();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                load.maxUnindexed = Math.max(load.maxUnindexed, ledger.writerStats().unindexed());
                LockSupport.parkNanos(1_000_000);
            }
        });
        long end = System.nanoTime() + length.toNanos();
        int i = 0;
        while (System.nanoTime() < end) {
            ledger.record(SampleEntries.entry(i++));
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        load.rowsWhileBusy = ledger.writerStats().written();
        running.set(false);
        sampler.join();
        load.recorded = i;
        assertThat(ledger.writerStats().dropped()).isZero();
        return load;
    }

    private static final class Load {
        volatile long maxUnindexed;
        long rowsWhileBusy;
        long recorded;
    }
}
