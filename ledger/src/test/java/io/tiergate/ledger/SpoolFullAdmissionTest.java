package io.tiergate.ledger;

import io.tiergate.api.LedgerEntry;
import io.tiergate.api.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ledger whose database refuses writes (a real SQLite file with a trigger that aborts every insert) and whose
 * spool reaches its cap stops admitting new requests at seven eighths of the cap, still takes the entries of
 * requests admitted before (into the last eighth, and past the cap in memory), loses none, and admits again once
 * the database takes them.
 */
class SpoolFullAdmissionTest {
    /** The smallest cap the configuration allows: 1 MiB; new requests stop at 896 KiB. */
    private static final long CAP = 1L << 20;

    @TempDir
    Path dir;

    /** An entry of ~8 KiB (its prompt kept with store-text), so ~110 of them reach the admission limit. */
    private static LedgerEntry big(int i) {
        return new LedgerEntry(Instant.now(), "req-" + i, "key-a", Optional.empty(), Optional.empty(), Optional.empty(),
                "auto", "m", "local", "local-backend", Optional.empty(), "r", "allow", List.of(), new Usage(10, 5, 0, 0),
                Optional.empty(), Duration.ofMillis(3), 200, Optional.empty(), 1.0, 2.0,
                Optional.of("p".repeat(8_000)), Optional.empty());
    }

    private static WriterStats await(JdbcLedger ledger, Predicate<WriterStats> done, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.test(ledger.writerStats()) && System.nanoTime() < until) Thread.sleep(10);
        WriterStats s = ledger.writerStats();
        assertThat(done.test(s)).as(what + ": " + s).isTrue();
        return s;
    }

    private JdbcLedger open(String url, Path spool) {
        LedgerConfig config = LedgerConfig.defaults().withUrl(url).withStoreText(true).withSpoolMaxBytes(CAP);
        return new JdbcLedger(LedgerDatabase.open(url), config, spool);
    }

    @Test
    void aFullSpoolStopsAdmittingKeepsEveryEntryAndAdmitsAgainOnceTheDatabaseTakesThem() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        try (JdbcLedger ledger = open(url, dir.resolve("spool"))) {
            RefusedInserts.set(url, true);
            for (int i = 0; i < 100; i++) ledger.record(big(i));
            WriterStats s = await(ledger, x -> x.spooled() == 100, "100 entries spooled");
            assertThat(s.unindexedBytes()).isBetween(CAP / 2, CAP * 7 / 8);
            assertThat(ledger.admitting()).as("below seven eighths of the cap").isTrue();

            for (int i = 100; i < 120; i++) ledger.record(big(i));
            s = await(ledger, x -> x.spooled() == 120, "admitted requests' entries spooled past the admission limit");
            assertThat(s.unindexedBytes()).isBetween(CAP * 7 / 8, CAP);
            assertThat(ledger.admitting()).as("past seven eighths: no new requests").isFalse();
            assertThat(s.admitting()).isFalse();

            for (int i = 120; i < 150; i++) ledger.record(big(i));
            s = await(ledger, x -> x.held() > 0 && x.spooled() + x.held() == 150, "a batch past the cap is held in memory");
            assertThat(s.unindexedBytes()).isLessThanOrEqualTo(CAP);
            assertThat(s.dropped()).isZero();
            assertThat(s.failed()).isZero();
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isZero();

            RefusedInserts.set(url, false);
            s = await(ledger, x -> x.written() == 150, "everything written once the database takes it");
            assertThat(ledger.admitting()).as("admitting again").isTrue();
            assertThat(s.held()).isZero();
            assertThat(s.spooled()).isEqualTo(150);
            assertThat(s.unindexedBytes()).isZero();
            assertThat(s.dropped() + s.failed()).isZero();
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(DISTINCT request_id) FROM ledger_entries")).isEqualTo(150);
        }
    }

    @Test
    void entriesHeldPastTheCapAreSpooledOnCloseAndWrittenByTheNextStart() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("close"));
        Path spool = dir.resolve("close-spool");
        try (JdbcLedger ledger = open(url, spool)) {
            RefusedInserts.set(url, true);
            for (int i = 0; i < 120; i++) ledger.record(big(i));
            await(ledger, x -> x.spooled() == 120, "spooled up to the cap");
            for (int i = 120; i < 150; i++) ledger.record(big(i));
            await(ledger, x -> x.held() > 0 && x.spooled() + x.held() == 150, "the rest held");
        }
        RefusedInserts.set(url, false);
        try (JdbcLedger next = open(url, spool)) {
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(DISTINCT request_id) FROM ledger_entries"))
                    .as("the stopping writer spooled what it held, past the cap, instead of losing it").isEqualTo(150);
            assertThat(next.admitting()).isTrue();
        }
    }

    @Test
    void aDatabaseThatOnlyLagsBehindIsCopiedIntoBeforeTheSpoolStopsAdmitting() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("busy"));
        // An hour's lag: only the spool's fill makes the writer copy while the load lasts.
        LedgerConfig config = LedgerConfig.defaults().withUrl(url).withSpoolMaxBytes(CAP).withMaxIndexLag(Duration.ofHours(1));
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config, dir.resolve("busy-spool"))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean everRefused = new AtomicBoolean();
            long[] maxBytes = new long[1];
            Thread sampler = Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    WriterStats s = ledger.writerStats();
                    maxBytes[0] = Math.max(maxBytes[0], s.unindexedBytes());
                    if (!s.admitting()) everRefused.set(true);
                    LockSupport.parkNanos(1_000_000);
                }
            });
            // ~5,000 small entries a second (busy, as the writer counts it) until 1.6 times the cap has been recorded
            long recordedBytes = 0;
            int i = 0;
            while (recordedBytes < CAP * 8 / 5) {
                LedgerEntry e = SampleEntries.entry(i++);
                recordedBytes += io.tiergate.ledger.spool.SpoolCodec.encode(e, false).length;
                ledger.record(e);
                LockSupport.parkNanos(200_000);
            }
            running.set(false);
            sampler.join();
            assertThat(maxBytes[0]).as("entries were deferred while busy").isGreaterThan(CAP / 2);
            assertThat(maxBytes[0]).as("but copied before the admission limit").isLessThan(CAP * 7 / 8);
            assertThat(everRefused).isFalse();
            assertThat(ledger.writerStats().written()).as("copied during the load, not at its end").isPositive();
            ledger.flush();
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(i);
        }
    }
}
