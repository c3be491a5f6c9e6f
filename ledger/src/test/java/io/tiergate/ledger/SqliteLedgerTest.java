package io.tiergate.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteLedgerTest extends LedgerContract {
    @TempDir
    Path dir;
    private final AtomicInteger files = new AtomicInteger();

    @Override
    String freshUrl() {
        return LedgerDatabase.sqliteUrl(dir.resolve("home-" + files.incrementAndGet()));
    }

    @Test
    void defaultsToSqliteInWalModeUnderTheHome() throws Exception {
        Path home = dir.resolve("tg-home");
        try (var ledger = io.tiergate.ledger.Ledgers.open(LedgerConfig.defaults(), home)) {
            ledger.record(SampleEntries.entry(1));
        }
        assertThat(home.resolve("ledger.db")).exists();
        assertThat(Files.exists(home.resolve("ledger.db"))).isTrue();
        String url = LedgerDatabase.sqliteUrl(home);
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement();
             var rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(1);
    }

    @Test
    void rejectsAnUnsupportedUrlWithAClearMessage() {
        assertThatThrownBy(() -> LedgerDatabase.open("jdbc:mysql://localhost/x?password=hunter2"))
                .isInstanceOf(LedgerStorageException.class)
                .hasMessageContaining("unsupported ledger URL")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> LedgerDatabase.open(" "))
                .isInstanceOf(LedgerStorageException.class).hasMessageContaining("empty");
    }

    @Test
    void reportsAnUnreachablePostgresClearly() {
        assertThatThrownBy(() -> LedgerDatabase.open("jdbc:postgresql://127.0.0.1:1/nowhere?user=u&password=pw&connectTimeout=2"))
                .isInstanceOf(LedgerStorageException.class)
                .hasMessageContaining("cannot connect to the ledger database at jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageNotContaining("password=pw");
    }

    @Test
    void keepsOnlyTheTimeIndexSoAnEntryIsOneRowAndOneIndexInsert() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("indexes"));
        LedgerDatabase.open(url);
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement();
             var rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_entries'"
                     + " AND sql IS NOT NULL")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rs.next()) names.add(rs.getString(1));
            assertThat(names).containsExactly("ledger_entries_time");
        }
    }

    @Test
    void aDeadProcessSegmentGivesItsWholeRecordsAndLosesOnlyItsTornTail() throws Exception {
        Path home = dir.resolve("torn");
        String url = LedgerDatabase.sqliteUrl(home);
        java.io.ByteArrayOutputStream segment = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            segment.writeBytes(io.tiergate.ledger.spool.SpoolCodec.encode(SampleEntries.entry(i), false));
        }
        byte[] fourth = io.tiergate.ledger.spool.SpoolCodec.encode(SampleEntries.entry(3), false);
        segment.write(fourth, 0, fourth.length / 2); // the write a kill -9 cut short
        java.nio.file.Files.createDirectories(Ledgers.spoolDir(home));
        Path file = Ledgers.spoolDir(home).resolve("0000000000001-999999-0000.spool");
        java.nio.file.Files.write(file, segment.toByteArray());

        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url))) {
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(3);
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE request_id = 'req-2'")).isEqualTo(1);
            assertThat(file).as("a dead process's segment is deleted once indexed").doesNotExist();
        }
    }

    @Test
    void withoutAWritableSpoolEntriesGoStraightToTheDatabase() throws Exception {
        Path home = dir.resolve("no-spool");
        String url = LedgerDatabase.sqliteUrl(home);
        Path notADirectory = java.nio.file.Files.writeString(home.resolve("spool-is-a-file"), "x");
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url), notADirectory)) {
            ledger.record(SampleEntries.entry(1));
            ledger.record(SampleEntries.entry(2));
            ledger.flush();
            assertThat(ledger.writerStats().spooled()).isZero();
            assertThat(ledger.writerStats().written()).isEqualTo(2);
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(2);
        }
        assertThat(notADirectory).as("closing removes only an empty spool directory").hasContent("x");
    }

    @Test
    void rejectsInvalidConfigNamingTheKey() {
        assertThatThrownBy(() -> LedgerConfig.defaults().withFlushInterval(java.time.Duration.ZERO))
                .hasMessageContaining("ledger.flush-interval");
        assertThatThrownBy(() -> LedgerConfig.defaults().withQueue(10, 100))
                .hasMessageContaining("ledger.queue-capacity");
    }

    /**
     * ledger.spool-max-bytes reaches the ledger's spool: through a long outage the spool stops at its cap, what
     * does not fit waits in memory (neither failed nor dropped) while the ledger admits no new requests, and all
     * of it is written once the database takes entries again. (An append holds up to ~8,000 entries, ~1.3 MB.)
     */
    @Test
    void aLongOutageFillsTheSpoolToItsCapHoldsWhatDidNotFitAndWritesItAllOnceTheDatabaseIsBack() throws Exception {
        Path home = dir.resolve("outage");
        String url = LedgerDatabase.sqliteUrl(home);
        long cap = 2 << 20;
        int n = 0;
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url).withSpoolMaxBytes(cap))) {
            RefusedInserts.set(url, true);
            for (int round = 0; round < 2; round++) { // ~1.27 MB of spool records a round at ~159 bytes each
                for (int i = 0; i < 8_000; i++) ledger.record(SampleEntries.entry(n++));
                ledger.flush();
            }
            WriterStats stats = ledger.writerStats();
            long spoolBytes;
            try (var files = java.nio.file.Files.list(Ledgers.spoolDir(home))) {
                spoolBytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            assertThat(spoolBytes).as("the spool stays within its cap: " + stats).isLessThanOrEqualTo(cap);
            assertThat(stats.unindexed()).as("filled up to the cap").isGreaterThan(8_000);
            assertThat(stats.held()).as("the rest waits in memory").isPositive();
            assertThat(stats.unindexed() + stats.held()).isEqualTo(16_000);
            assertThat(stats.failed() + stats.dropped()).as("nothing lost").isZero();
            assertThat(stats.admitting()).isFalse();
            assertThat(ledger.admitting()).isFalse();
            assertThat(stats.written()).isZero();
            assertThat(stats.unindexedBytes()).as("the metric's bytes are the spool's").isEqualTo(spoolBytes);
            assertThat(stats.spoolMaxBytes()).isEqualTo(cap);

            RefusedInserts.set(url, false);
            ledger.flush();
            assertThat(ledger.writerStats().written()).isEqualTo(16_000);
            assertThat(ledger.admitting()).isTrue();
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(DISTINCT request_id) FROM ledger_entries")).isEqualTo(16_000);
        }
    }

    @Test
    void keepsEntriesTheDatabaseRefusesInTheSpoolAndWritesThemOnTheNextStart() throws Exception {
        Path home = dir.resolve("refusing");
        String url = LedgerDatabase.sqliteUrl(home);
        JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url));
        RefusedInserts.set(url, true);
        ledger.record(SampleEntries.entry(1));
        ledger.flush(); // returns once the copy is given up on, after the retries
        assertThat(ledger.writerStats().written()).isZero();
        assertThat(ledger.writerStats().unindexed()).isEqualTo(1);
        assertThat(ledger.writerStats().failed()).as("nothing is lost: it waits in the spool").isZero();
        ledger.record(SampleEntries.entry(2));
        long t0 = System.nanoTime();
        ledger.close();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(ledger.writerStats().spooled()).isEqualTo(2);
        assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isZero();
        try (var spool = java.nio.file.Files.list(Ledgers.spoolDir(home))) {
            assertThat(spool.toList()).as("the spool segment is kept for the next start").hasSize(1);
        }

        RefusedInserts.set(url, false);
        try (JdbcLedger next = new JdbcLedger(LedgerDatabase.open(url), config(url))) {
            assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(2);
            assertThat(LedgerContract.scalar(url, "SELECT SUM(prompt_tokens) FROM ledger_entries"))
                    .isEqualTo(SampleEntries.entry(1).usage().promptTokens() + SampleEntries.entry(2).usage().promptTokens());
        }
        assertThat(Ledgers.spoolDir(home)).as("indexed segments are deleted, and the empty spool with them").doesNotExist();
    }
}
