package io.tiergate.ledger.spool;

import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.RefusedInserts;
import io.tiergate.ledger.SampleEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * While the database refuses entries the spool holds them, up to {@code ledger.spool-max-bytes}; past that it
 * refuses appends as a full disk does, and takes them again once the database has caught up.
 */
class SpoolCapTest {

    @TempDir
    Path dir;

    private int next;
    /** One fixed time: a record's length depends on it (nanoseconds as a varint), and bytes() must match batch(). */
    private static final java.time.Instant T0 = java.time.Instant.parse("2026-01-02T03:04:05.123456789Z");

    private static byte[] record(int i) {
        return SpoolCodec.encode(SampleEntries.entry(i, T0, "key-a", "qwen3-1.7b", "local"), false);
    }

    /** {@code n} new records; the sample entries of one size class all frame to the same length. */
    private List<byte[]> batch(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(record(next++));
        return out;
    }

    /** The framed bytes of entries {@code from} .. {@code from + n - 1}. */
    private static long bytes(int from, int n) {
        long total = 0;
        for (int i = from; i < from + n; i++) total += record(i).length;
        return total;
    }

    private long spoolFileBytes(Path spoolDir) throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            long total = 0;
            for (Path f : files.toList()) total += Files.size(f);
            return total;
        }
    }

    @Test
    void aDatabaseOutageFillsTheSpoolToItsCapThenAppendsAreRefusedUntilTheDatabaseCatchesUp() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        LedgerDatabase db = LedgerDatabase.open(url);
        Path spoolDir = dir.resolve("spool");
        long cap = bytes(0, 10);
        try (LedgerSpool spool = new LedgerSpool(spoolDir, db, cap); Connection c = db.connect()) {
            RefusedInserts.set(url, true);
            for (int i = 0; i < 5; i++) {
                spool.append(batch(2));
                assertThatThrownBy(() -> spool.indexSome(c, 100)).isInstanceOf(SQLException.class);
            }
            assertThat(spool.unindexedBytes()).as("exactly at the cap is still taken").isEqualTo(cap);
            assertThat(spool.backlog()).isEqualTo(10);
            long onDisk = spoolFileBytes(spoolDir);

            List<byte[]> refused = batch(2);
            assertThatThrownBy(() -> spool.append(refused))
                    .as("an IOException, which the writer handles as it does a full disk")
                    .isInstanceOf(SpoolFullException.class).isInstanceOf(IOException.class)
                    .hasMessageContaining("ledger.spool-max-bytes is " + cap)
                    .hasMessageContaining(cap + " bytes of entries wait");
            assertThatThrownBy(() -> spool.append(batch(1))).isInstanceOf(SpoolFullException.class);
            assertThat(spoolFileBytes(spoolDir)).as("a refused batch writes nothing").isEqualTo(onDisk);
            assertThat(spool.backlog()).isEqualTo(10);

            RefusedInserts.set(url, false);
            assertThat(spool.indexSome(c, 4)).isEqualTo(4);
            assertThat(spool.unindexedBytes()).isEqualTo(cap - bytes(0, 4));
            spool.append(batch(2)); // room again for what the database took
            assertThat(spool.indexSome(c, 100)).isEqualTo(8);
            assertThat(spool.unindexedBytes()).isZero();
            assertThat(spool.backlog()).isZero();
        }
        assertThat(SpoolRecoveryTest.count(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(12);
        assertThat(SpoolRecoveryTest.count(url, "SELECT COUNT(*) FROM ledger_entries WHERE request_id IN ('req-10', 'req-11', 'req-12')"))
                .as("the refused entries are not in the spool: the writer holds them until it has room").isZero();
    }

    @Test
    void anEmptySpoolTakesABatchLargerThanTheCapSoNoBatchIsRefusedForever() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        LedgerDatabase db = LedgerDatabase.open(url);
        try (LedgerSpool spool = new LedgerSpool(dir.resolve("spool"), db, 100); Connection c = db.connect()) {
            spool.append(batch(3));
            assertThat(spool.unindexedBytes()).isGreaterThan(100);
            assertThatThrownBy(() -> spool.append(batch(1))).isInstanceOf(SpoolFullException.class);
            assertThat(spool.indexSome(c, 100)).isEqualTo(3);
            spool.append(batch(3));
            assertThat(spool.indexSome(c, 100)).isEqualTo(3);
        }
        assertThat(SpoolRecoveryTest.count(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(6);
    }

    @Test
    void theCapIsALedgerSettingOfOneGibibyteValidatedByName() {
        assertThat(LedgerConfig.defaults().spoolMaxBytes()).isEqualTo(1L << 30);
        assertThat(LedgerConfig.defaults().withSpoolMaxBytes(5L << 30).spoolMaxBytes()).isEqualTo(5L << 30);
        assertThat(LedgerConfig.defaults().withUrl("jdbc:sqlite:x").withSpoolMaxBytes(1L << 20).withStoreText(true)
                .spoolMaxBytes()).as("kept by the other withers").isEqualTo(1L << 20);
        assertThatThrownBy(() -> LedgerConfig.defaults().withSpoolMaxBytes(1_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ledger.spool-max-bytes must be between 1048576 (1 MiB) and 1099511627776 (1 TiB), was 1000");
        assertThatThrownBy(() -> LedgerConfig.defaults().withSpoolMaxBytes(2L << 40))
                .hasMessageContaining("ledger.spool-max-bytes");
        assertThatThrownBy(() -> new LedgerSpool(dir, LedgerDatabase.open(LedgerDatabase.sqliteUrl(dir.resolve("h"))), 0))
                .hasMessageContaining("ledger.spool-max-bytes");
    }
}
