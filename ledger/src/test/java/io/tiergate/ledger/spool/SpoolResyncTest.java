package io.tiergate.ledger.spool;

import io.tiergate.api.LedgerEntry;
import io.tiergate.ledger.SampleEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** A damaged record in the middle of a segment costs that record only: the reader resyncs on the next marker. */
class SpoolResyncTest {

    @TempDir
    Path dir;

    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<byte[]> records = new ArrayList<>();

    /** {@code n} sample entries framed as the spool writes them now. */
    private void spool(int n) {
        for (int i = 0; i < n; i++) {
            entries.add(SampleEntries.entry(i));
            records.add(SpoolCodec.encode(entries.get(i), true));
        }
    }

    private int offsetOf(int record) {
        int at = 0;
        for (int i = 0; i < record; i++) at += records.get(i).length;
        return at;
    }

    private List<LedgerEntry> allBut(int... damaged) {
        List<LedgerEntry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            final int index = i;
            if (Arrays.stream(damaged).noneMatch(d -> d == index)) out.add(entries.get(i));
        }
        return out;
    }

    @Test
    void anIntactRecordOfANewerFormatIsNotSkippedTheReadStopsThere() throws IOException {
        spool(10);
        byte[] bytes = SpoolCodecTest.framed(entries, true);
        int r = offsetOf(4), end = r + records.get(4).length;
        bytes[r + SpoolCodecTest.payloadAt(records.get(4))] = 9; // a format byte from the future, re-checksummed
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, r + 6, end - r - 6);
        java.nio.ByteBuffer.wrap(bytes).putInt(r + 2, (int) crc.getValue());
        SpoolReader.Chunk c = readAll(bytes);
        assertThat(c.entries()).containsExactlyElementsOf(entries.subList(0, 4));
        assertThat(c.end()).as("left for the newer writer, as a torn tail").isEqualTo(r);
        assertThat(c.damagedRegions()).isZero();
    }

    @Test
    void flippedBytesInAMiddleRecordLoseThatRecordOnly() throws IOException {
        spool(20);
        byte[] bytes = SpoolCodecTest.framed(entries, true);
        bytes[offsetOf(7) + 40] ^= 0x01;
        bytes[offsetOf(7) + 41] ^= (byte) 0xFF;
        SpoolReader.Chunk c = readAll(bytes);
        assertThat(c.entries()).containsExactlyElementsOf(allBut(7));
        assertThat(c.damagedRegions()).isEqualTo(1);
        assertThat(c.skippedBytes()).isEqualTo(records.get(7).length);
        assertThat(c.end()).isEqualTo(bytes.length);
    }

    @Test
    void aCutLengthFieldLosesThatRecordOnly() throws IOException {
        spool(20);
        byte[] bytes = SpoolCodecTest.framed(entries, true);
        int r = offsetOf(5);
        bytes[r + 6] = 3; // the varint length says 3 bytes: plausible, and the checksum refuses it
        bytes[r + 7] = 0;
        SpoolReader.Chunk c = readAll(bytes);
        assertThat(c.entries()).containsExactlyElementsOf(allBut(5));
        assertThat(c.skippedBytes()).isEqualTo(records.get(5).length);

        // A length past the end of the file, as a truncated or overwritten length field reads, is damage too
        // when intact records follow it, not a tail still being written.
        byte[] huge = SpoolCodecTest.framed(entries, true);
        huge[r + 6] = (byte) 0xFF;
        huge[r + 7] = (byte) 0xFF;
        huge[r + 8] = (byte) 0xFF;
        huge[r + 9] = 0x1F; // 64 MiB - 1
        assertThat(readAll(huge).entries()).containsExactlyElementsOf(allBut(5));
    }

    @Test
    void garbageBetweenRecordsIsSkippedWholeWithEveryRecordKept() throws IOException {
        spool(12);
        byte[] garbage = new byte[333];
        new Random(42).nextBytes(garbage);
        garbage[10] = SpoolCodec.SYNC_0; // a fake marker whose "record" fails its checksum
        garbage[11] = SpoolCodec.SYNC_1;
        Arrays.fill(garbage, 100, 200, (byte) 0); // a zeroed run, as a crash can leave in a block
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < records.size(); i++) {
            if (i == 6) out.writeBytes(garbage);
            out.writeBytes(records.get(i));
        }
        SpoolReader.Chunk c = readAll(out.toByteArray());
        assertThat(c.entries()).containsExactlyElementsOf(entries);
        assertThat(c.damagedRegions()).isEqualTo(1);
        assertThat(c.skippedBytes()).isEqualTo(garbage.length);
    }

    @Test
    void aDestroyedMarkerAndTwoDamagedNeighboursLoseOnlyThoseRecords() throws IOException {
        spool(30);
        byte[] bytes = SpoolCodecTest.framed(entries, true);
        bytes[offsetOf(3)] = 0x00; // the marker of record 3
        bytes[offsetOf(10) + 50] ^= 0x10; // records 10 and 11: one run of damage
        bytes[offsetOf(11) + 50] ^= 0x10;
        bytes[offsetOf(29) - 1] ^= 0x10; // the last byte of record 28
        SpoolReader.Chunk c = readAll(bytes);
        assertThat(c.entries()).containsExactlyElementsOf(allBut(3, 10, 11, 28));
        assertThat(c.damagedRegions()).isEqualTo(3);
        assertThat(c.skippedBytes()).isEqualTo(records.get(3).length + records.get(10).length
                + records.get(11).length + records.get(28).length);
    }

    @Test
    void theFirstRecordDamagedStillGivesTheRest() throws IOException {
        spool(5);
        byte[] bytes = SpoolCodecTest.framed(entries, true);
        bytes[3] ^= 0x55; // record 0's checksum
        assertThat(readAll(bytes).entries()).containsExactlyElementsOf(allBut(0));
    }

    @Test
    void aTornTailIsNotSkippedButLeftForTheWriterOrTheCrashReport() throws IOException {
        spool(10);
        byte[] bytes = SpoolCodecTest.framed(entries, true);
        int cut = offsetOf(9) + records.get(9).length / 2;
        bytes[offsetOf(9) + 20] = SpoolCodec.SYNC_0; // even a marker inside the torn record does not resync
        bytes[offsetOf(9) + 21] = SpoolCodec.SYNC_1;
        SpoolReader.Chunk c = readAll(Arrays.copyOf(bytes, cut));
        assertThat(c.entries()).containsExactlyElementsOf(entries.subList(0, 9));
        assertThat(c.end()).as("stops before the tail, which a live writer may still be appending").isEqualTo(offsetOf(9));
        assertThat(c.damagedRegions()).isZero();
    }

    @Test
    void slicedReadsAcrossDamageAndAcrossTheReadBufferGiveEveryIntactRecordOnce() throws IOException {
        spool(3_000); // ~600 KiB: more than two 256 KiB reads
        byte[] garbage = new byte[300 << 10]; // a damaged run longer than one read buffer
        new Random(7).nextBytes(garbage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i).clone();
            if (i == 1_300 || i == 2_500) r[r.length / 2] ^= 0x08;
            out.writeBytes(r);
            if (i == 1_800) out.writeBytes(garbage);
        }
        Path f = Files.write(dir.resolve("big.spool"), out.toByteArray());
        List<LedgerEntry> back = new ArrayList<>();
        int regions = 0;
        long at = 0;
        while (true) {
            SpoolReader.Chunk c = read(f, at, 333);
            if (c.entries().isEmpty()) break;
            back.addAll(c.entries());
            regions += c.damagedRegions();
            at = c.end();
        }
        assertThat(back).containsExactlyElementsOf(allBut(1_300, 2_500));
        assertThat(regions).isEqualTo(3);
        assertThat(at).isEqualTo(Files.size(f));
    }

    @Test
    void aSegmentOfTheFirstFramingStillReadsAndADamagedRecordEndsItAsBefore() throws IOException {
        spool(10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) out.writeBytes(framing1(r));
        byte[] bytes = out.toByteArray();
        assertThat(readAll(bytes).entries()).containsExactlyElementsOf(entries);

        int fourth = 0;
        for (int i = 0; i < 4; i++) fourth += framing1(records.get(i)).length;
        bytes[fourth + 30] ^= 0x02;
        SpoolReader.Chunk c = readAll(bytes);
        assertThat(c.entries()).as("framing 1 has no marker to resync on").containsExactlyElementsOf(entries.subList(0, 4));
        assertThat(c.end()).isEqualTo(fourth);
    }

    /** The same payload as the spool framed it before markers: {@code [length][CRC-32C of payload][payload]}. */
    static byte[] framing1(byte[] framing2) {
        byte[] payload = Arrays.copyOfRange(framing2, SpoolCodecTest.payloadAt(framing2), framing2.length);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue()).put(payload).array();
    }

    private SpoolReader.Chunk readAll(byte[] bytes) throws IOException {
        return read(Files.write(dir.resolve("segment.spool"), bytes), 0, 100_000);
    }

    private static SpoolReader.Chunk read(Path f, long from, int max) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return SpoolReader.read(ch, from, max);
        }
    }
}
