package io.tiergate.ledger.spool;

import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.SampleEntries;
import io.tiergate.ledger.WriterStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every appended batch is synced to the disk (FileChannel.force) by the writer thread, once per batch whatever
 * its number of entries: a spool that only reached the page cache would lose its entries with the power.
 */
class SpoolSyncTest {
    @TempDir
    Path dir;

    private static List<byte[]> batch(int from, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) out.add(SpoolCodec.encode(SampleEntries.entry(i), false));
        return out;
    }

    @Test
    void eachAppendedBatchIsSyncedOnceAndARefusedOneNot() throws Exception {
        LedgerDatabase db = LedgerDatabase.open(LedgerDatabase.sqliteUrl(dir.resolve("home")));
        Path spoolDir = dir.resolve("spool");
        List<byte[]> first = batch(0, 40);
        long firstBytes = 0;
        for (byte[] r : first) firstBytes += r.length;
        try (LedgerSpool spool = new LedgerSpool(spoolDir, db, firstBytes)) {
            assertThat(spool.syncs()).isZero();
            spool.append(first);
            assertThat(spool.syncs()).as("one sync for a batch of 40 entries").isEqualTo(1);
            assertThatThrownBy(() -> spool.append(batch(40, 1))).isInstanceOf(SpoolFullException.class);
            assertThat(spool.syncs()).as("a refused batch writes and syncs nothing").isEqualTo(1);
            try (var c = db.connect()) {
                assertThat(spool.indexSome(c, 100)).isEqualTo(40);
            }
            List<byte[]> one = batch(41, 1);
            List<byte[]> three = batch(42, 3);
            spool.append(one);
            spool.append(three);
            assertThat(spool.syncs()).isEqualTo(3);
            long appended = firstBytes;
            for (byte[] r : one) appended += r.length;
            for (byte[] r : three) appended += r.length;
            try (Stream<Path> files = Files.list(spoolDir)) {
                long onDisk = 0;
                for (Path f : files.toList()) onDisk += Files.size(f);
                assertThat(onDisk).as("the synced segment holds every appended byte").isEqualTo(appended);
            }
        }
    }

    @Test
    void theWriterSyncsOncePerBatchNotPerEntry() {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("writer"));
        // a 200 ms interval lingers 150 ms: each burst of 50 records below lands in one batch
        LedgerConfig config = LedgerConfig.defaults().withUrl(url).withFlushInterval(Duration.ofMillis(200));
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config, dir.resolve("writer-spool"))) {
            for (int burst = 0; burst < 3; burst++) {
                for (int i = 0; i < 50; i++) ledger.record(SampleEntries.entry(burst * 50 + i));
                ledger.flush();
            }
            WriterStats stats = ledger.writerStats();
            assertThat(stats.spooled()).isEqualTo(150);
            assertThat(stats.written()).isEqualTo(150);
            assertThat(stats.spoolSyncs()).as("one sync per appended batch").isEqualTo(3);
        }
    }
}
