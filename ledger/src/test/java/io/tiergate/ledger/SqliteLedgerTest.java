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
    void rejectsInvalidConfigNamingTheKey() {
        assertThatThrownBy(() -> LedgerConfig.defaults().withFlushInterval(java.time.Duration.ZERO))
                .hasMessageContaining("ledger.flush-interval");
        assertThatThrownBy(() -> LedgerConfig.defaults().withQueue(10, 100))
                .hasMessageContaining("ledger.queue-capacity");
    }

    @Test
    void countsEntriesTheDatabaseRefusesAndStillClosesPromptly() throws Exception {
        Path home = dir.resolve("broken");
        String url = LedgerDatabase.sqliteUrl(home);
        JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url));
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("DROP TABLE ledger_entries"); // every insert now fails
        }
        ledger.record(SampleEntries.entry(1));
        ledger.flush(); // returns once the batch is given up on, after the retries
        assertThat(ledger.writerStats().failed()).isEqualTo(1);
        assertThat(ledger.writerStats().written()).isZero();
        ledger.record(SampleEntries.entry(2));
        long t0 = System.nanoTime();
        ledger.close();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(ledger.writerStats().failed()).isEqualTo(2);
    }
}
