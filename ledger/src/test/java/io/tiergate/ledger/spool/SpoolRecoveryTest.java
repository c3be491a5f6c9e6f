package io.tiergate.ledger.spool;

import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.Ledgers;
import io.tiergate.ledger.PostgresTestDatabase;
import io.tiergate.ledger.SampleEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead process's segment with a damaged record in its middle: the next start indexes every intact entry
 * before and after it into a real database, says what it skipped, and deletes the segment.
 */
class SpoolRecoveryTest {

    @TempDir
    Path dir;

    /** Segment bytes of entries 0..n-1 (request ids req-0 …), with record {@code damaged}'s payload flipped. */
    private static byte[] segmentWithDamage(int n, int damaged, List<Integer> recordLengths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte[] r = SpoolCodec.encode(SampleEntries.entry(i), false);
            if (i == damaged) r[r.length - 30] ^= 0x20;
            recordLengths.add(r.length);
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    private static Path deadSegment(Path spoolDir, byte[] bytes) throws Exception {
        Files.createDirectories(spoolDir);
        return Files.write(spoolDir.resolve("0000000000001-999999-0000.spool"), bytes);
    }

    @Test
    void recoveryIndexesEveryIntactEntryAroundADamagedOneInSlicesAndReportsIt() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        LedgerDatabase db = LedgerDatabase.open(url);
        List<Integer> lengths = new ArrayList<>();
        Path spoolDir = dir.resolve("spool");
        Path segment = deadSegment(spoolDir, segmentWithDamage(40, 17, lengths));

        SpoolRecovery found = LedgerSpool.recoverOthers(spoolDir, db, 7); // slices of 7: the damage falls inside one
        assertThat(found.entries()).isEqualTo(39);
        assertThat(found.damagedRegions()).isEqualTo(1);
        assertThat(found.skippedBytes()).isEqualTo((long) lengths.get(17));
        assertThat(found.tornTailBytes()).isZero();
        assertThat(requestIds(url)).containsExactlyElementsOf(idsBut(40, 17));
        assertThat(segment).as("a dead process's segment is deleted once indexed").doesNotExist();
        assertThat(count(url, "SELECT COUNT(*) FROM ledger_spool")).as("its position row is forgotten").isZero();
    }

    @Test
    void aDamagedRecordAndATornTailTogetherLoseOnlyThoseTwo() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        List<Integer> lengths = new ArrayList<>();
        byte[] bytes = segmentWithDamage(12, 4, lengths);
        int torn = lengths.get(11) / 3;
        Path spoolDir = dir.resolve("spool");
        deadSegment(spoolDir, java.util.Arrays.copyOf(bytes, bytes.length - lengths.get(11) + torn));

        SpoolRecovery found = LedgerSpool.recoverOthers(spoolDir, LedgerDatabase.open(url), 500);
        assertThat(found.entries()).isEqualTo(10);
        assertThat(found.damagedRegions()).isEqualTo(1);
        assertThat(found.tornTailBytes()).isEqualTo(torn);
        assertThat(requestIds(url)).containsExactlyElementsOf(idsBut(11, 4));
    }

    @Test
    void openingTheLedgerRecoversAroundTheDamageAndKeepsTheOldFramingReadable() throws Exception {
        Path home = dir.resolve("home");
        String url = LedgerDatabase.sqliteUrl(home);
        List<Integer> lengths = new ArrayList<>();
        deadSegment(Ledgers.spoolDir(home), segmentWithDamage(9, 2, lengths));
        // A second dead segment as a gateway before framing 2 wrote it.
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        for (int i = 100; i < 105; i++) {
            old.writeBytes(SpoolResyncTest.framing1(SpoolCodec.encode(SampleEntries.entry(i), false)));
        }
        Files.write(Ledgers.spoolDir(home).resolve("0000000000002-999998-0000.spool"), old.toByteArray());

        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url))) {
            List<String> expected = new ArrayList<>(idsBut(9, 2));
            for (int i = 100; i < 105; i++) expected.add("req-" + i);
            assertThat(requestIds(url)).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(Ledgers.spoolDir(home)).as("both segments indexed and deleted").doesNotExist();
    }

    @Test
    void postgresRecoversAroundTheDamageToo() throws Exception {
        PostgresTestDatabase pg = new PostgresTestDatabase();
        try {
            String url = pg.freshUrl();
            List<Integer> lengths = new ArrayList<>();
            Path spoolDir = dir.resolve("pg-spool");
            deadSegment(spoolDir, segmentWithDamage(25, 12, lengths));
            SpoolRecovery found = LedgerSpool.recoverOthers(spoolDir, LedgerDatabase.open(url), 5);
            assertThat(found.entries()).isEqualTo(24);
            assertThat(found.damagedRegions()).isEqualTo(1);
            assertThat(requestIds(url)).containsExactlyElementsOf(idsBut(25, 12));
        } finally {
            pg.dropAll();
        }
    }

    @Test
    void aDeadSegmentWithRecordsOfANewerFormatIsIndexedUpToThemAndKept() throws Exception {
        String url = LedgerDatabase.sqliteUrl(dir.resolve("home"));
        List<Integer> lengths = new ArrayList<>();
        byte[] bytes = segmentWithDamage(8, -1, lengths);
        int r = lengths.subList(0, 5).stream().mapToInt(Integer::intValue).sum(), end = r + lengths.get(5);
        byte[] record5 = java.util.Arrays.copyOfRange(bytes, r, end);
        bytes[r + SpoolCodecTest.payloadAt(record5)] = 9; // a format byte from the future, re-checksummed
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, r + 6, end - r - 6);
        java.nio.ByteBuffer.wrap(bytes).putInt(r + 2, (int) crc.getValue());
        Path spoolDir = dir.resolve("spool");
        Path segment = deadSegment(spoolDir, bytes);

        SpoolRecovery found = LedgerSpool.recoverOthers(spoolDir, LedgerDatabase.open(url), 3);
        assertThat(found.entries()).isEqualTo(5);
        assertThat(requestIds(url)).containsExactly("req-0", "req-1", "req-2", "req-3", "req-4");
        assertThat(segment).as("kept for the newer Tiergate: its records are not lost").exists();
        assertThat(Files.readAllBytes(segment)).isEqualTo(bytes);
        assertThat(count(url, "SELECT indexed_bytes FROM ledger_spool")).as("which resumes where this one stopped")
                .isEqualTo(r);

        assertThat(LedgerSpool.recoverOthers(spoolDir, LedgerDatabase.open(url), 3).entries())
                .as("a second start copies nothing twice").isZero();
        assertThat(segment).exists();
    }

    static List<String> idsBut(int n, int damaged) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i != damaged) ids.add("req-" + i);
        }
        return ids;
    }

    /** The request ids in the ledger, in the order they were indexed. */
    static List<String> requestIds(String url) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id FROM ledger_entries ORDER BY id")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
