package io.tiergate.ledger.spool;

import io.tiergate.api.LedgerEntry;
import io.tiergate.api.Usage;
import io.tiergate.ledger.SampleEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolCodecTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryFieldIncludingAbsentOnesAndUnicode() {
        LedgerEntry full = fullEntry();
        LedgerEntry sparse = new LedgerEntry(Instant.EPOCH, "r", "k", Optional.empty(), Optional.empty(), Optional.empty(),
                "m", "m", "t", "b", Optional.empty(), "", "deny", List.of(), Usage.ZERO, Optional.empty(), Duration.ZERO,
                403, Optional.of("policy_denied"), 0, 0, Optional.empty(), Optional.empty());
        assertThat(roundTrip(List.of(full, sparse), true)).containsExactly(full, sparse);
    }

    /** Every field set, with non-ASCII strings. */
    private static LedgerEntry fullEntry() {
        return new LedgerEntry(Instant.ofEpochMilli(1_790_000_000_123L), "req-é", "key-😀", Optional.of("team"),
                Optional.of("wf"), Optional.of("step 2"), "auto", "qwen3-1.7b", "local", "engine", Optional.of(0.375),
                "long prompt → strong", "allow", List.of("email", "iban"), new Usage(1_000, 200, 300, 40),
                Optional.of(Duration.ofNanos(1_234_567)), Duration.ofMillis(89), 200, Optional.empty(), 12.5, 99.25,
                Optional.of("prompt"), Optional.of("completion"));
    }

    /** {@link #fullEntry()} as the first format encoded it (fixed-width fields), before format 2. */
    private static final String FORMAT_1_RECORD =
            "000001071209db0201000000006ab13b800754d4c0000000067265712dc3a9000000086b65792df09f988001000000047465" +
            "616d010000000277660100000006737465702032000000046175746f0000000a7177656e332d312e3762000000056c6f6361" +
            "6c00000006656e67696e65013fd8000000000000000000166c6f6e672070726f6d707420e28692207374726f6e6700000005" +
            "616c6c6f770000000200000005656d61696c000000046962616e00000000000003e800000000000000c8000000000000012c" +
            "0000000000000028000000000012d68700000000054e0840000000c80040290000000000004058d000000000000100000006" +
            "70726f6d7074010000000a636f6d706c6574696f6e";

    @Test
    void stillReadsRecordsOfTheFirstFormatThatAnUpgradedGatewayFindsInItsSpool() {
        LedgerEntry full = fullEntry();
        ByteBuffer in = ByteBuffer.wrap(java.util.HexFormat.of().parseHex(FORMAT_1_RECORD));
        assertThat(SpoolCodec.read(in)).contains(full);
        assertThat(in.hasRemaining()).isFalse();
    }

    /** {@link #fullEntry()} as format 2 encoded it (varints, no kind or clamp), before format 3. */
    private static final String FORMAT_2_RECORD =
            "000000ab4b1fe9bf0280f7c4d506c0a9d33a067265712dc3a9086b65792df09f9880057465616d03776607737465702032046175" +
            "746f0a7177656e332d312e3762056c6f63616c06656e67696e65013fd8000000000000166c6f6e672070726f6d707420e28692" +
            "207374726f6e6705616c6c6f770205656d61696c046962616ee807c801ac022888ad4bc090b82ac8010040290000000000004058" +
            "d000000000000770726f6d70740b636f6d706c6574696f6e";

    @Test
    void stillReadsRecordsOfTheSecondFormatAsChatCallsWithNothingClamped() {
        ByteBuffer in = ByteBuffer.wrap(java.util.HexFormat.of().parseHex(FORMAT_2_RECORD));
        LedgerEntry back = SpoolCodec.read(in).orElseThrow();
        assertThat(back).isEqualTo(fullEntry());
        assertThat(back.kind()).isEqualTo(LedgerEntry.Kind.CHAT);
        assertThat(back.maxTokensClamp()).isEmpty();
        assertThat(in.hasRemaining()).isFalse();
    }

    /** An embedding as a session-7 gateway spooled it in format 2: kind unrecorded, route reason and no completion. */
    private static final String FORMAT_2_EMBEDDING =
            "000000763d558e960280f7c4d506c0a9d33a057265712d65016b000000066d696e696c6d066d696e696c6d056c6f63616c06656e" +
            "67696e65001a656d62656464696e6773206f6e207469657220276c6f63616c270a6e6f6e653a616c6c6f77000c00000000c08d" +
            "b701c80100000000000000000000000000000000000000";

    @Test
    void readsAnEmbeddingOfTheSecondFormatAsAnEmbedding() {
        LedgerEntry back = SpoolCodec.read(ByteBuffer.wrap(java.util.HexFormat.of().parseHex(FORMAT_2_EMBEDDING))).orElseThrow();
        assertThat(back.routeReason()).isEqualTo("embeddings on tier 'local'");
        assertThat(back.usage()).isEqualTo(new Usage(12, 0, 0, 0));
        assertThat(back.kind()).isEqualTo(LedgerEntry.Kind.EMBEDDING);
        assertThat(back.maxTokensClamp()).isEmpty();
    }

    @Test
    void roundTripsTheKindAndTheMaxTokensClamp() {
        LedgerEntry clamped = fullEntry().with(LedgerEntry.Kind.CHAT, Optional.of(new LedgerEntry.MaxTokensClamp(4_096, 1_000)));
        LedgerEntry embedding = SampleEntries.entry(5).with(LedgerEntry.Kind.EMBEDDING, Optional.empty());
        // varint edges: the largest int requested, 0 granted; 127 in one byte, 128 in two
        LedgerEntry edges = fullEntry().with(LedgerEntry.Kind.EMBEDDING,
                Optional.of(new LedgerEntry.MaxTokensClamp(Integer.MAX_VALUE, 0)));
        LedgerEntry twoBytes = fullEntry().with(LedgerEntry.Kind.CHAT, Optional.of(new LedgerEntry.MaxTokensClamp(127, 128)));
        assertThat(roundTrip(List.of(clamped, embedding, edges, twoBytes), true)).containsExactly(clamped, embedding, edges, twoBytes);
        byte[] record = SpoolCodec.encode(fullEntry(), true);
        assertThat(record[payloadAt(record)]).as("format byte").isEqualTo((byte) 3);
    }

    @Test
    void anUnknownKindBehindAGoodChecksumIsAnIntactRecordOfANewerFormat() {
        byte[] record = SpoolCodec.encode(fullEntry(), true);
        // an unclamped entry's kind byte is its last; kind 7, re-checksummed so that only the kind is wrong
        record[record.length - 1] = 7 << 1;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(record, 6, record.length - 6); // framing 2: the checksum covers the length and the payload
        ByteBuffer.wrap(record).putInt(2, (int) crc.getValue());
        ByteBuffer in = ByteBuffer.wrap(record);
        assertThatThrownBy(() -> SpoolCodec.read(in)).isInstanceOf(SpoolCodec.UnreadableRecordException.class)
                .hasMessageContaining("left for a newer Tiergate");
        assertThat(in.position()).isZero();
    }

    @Test
    void aTypicalGatewayEntryTakesUnder160Bytes() {
        // The writer's cost is the spool's page-cache pages, so the size is the audit's cost (237 bytes in format 1).
        LedgerEntry typical = new LedgerEntry(Instant.now(), "req_9fad5ff605b83776895923b6", "anonymous", Optional.empty(),
                Optional.empty(), Optional.empty(), "fake-model", "fake-model", "lan", "fake-upstream", Optional.empty(),
                "explicit model", "none:allow", List.of(), new Usage(9, 16, 0, 0), Optional.empty(), Duration.ofNanos(310_000),
                200, Optional.empty(), 1.5, 3.25, Optional.empty(), Optional.empty());
        byte[] record = SpoolCodec.encode(typical, false);
        assertThat(record.length).isLessThan(160);
        assertThat(SpoolCodec.read(ByteBuffer.wrap(record))).contains(typical);
    }

    @Test
    void roundTripsVarintEdgesLongStringsAndNegativeTimes() {
        String ascii127 = "a".repeat(127), ascii128 = "b".repeat(128), ascii20k = "c".repeat(20_000);
        String unicodeLong = "é".repeat(70); // 70 chars, 140 UTF-8 bytes: the length takes two bytes, unlike the char count
        LedgerEntry edges = new LedgerEntry(Instant.ofEpochSecond(-86_400, 999_999_999), ascii127, ascii128,
                Optional.of(ascii20k), Optional.of(""), Optional.of(unicodeLong), "", "m", "t", "b", Optional.of(-0.0),
                unicodeLong, ascii128, List.of(ascii127, "", unicodeLong), new Usage(Long.MAX_VALUE, 0, 127, 128),
                Optional.of(Duration.ZERO), Duration.ofNanos(Long.MAX_VALUE), 599, Optional.of(""), Double.NaN,
                Double.MAX_VALUE, Optional.of(""), Optional.of(ascii20k + unicodeLong));
        assertThat(roundTrip(List.of(edges, edges), true)).containsExactly(edges, edges);
    }

    @Test
    void leavesPromptAndCompletionTextOutUnlessTextIsKept() {
        LedgerEntry e = SampleEntries.entry(3);
        LedgerEntry back = roundTrip(List.of(e), false).getFirst();
        assertThat(back.promptText()).isEmpty();
        assertThat(back.completionText()).isEmpty();
        assertThat(back.requestId()).isEqualTo(e.requestId());
        assertThat(new String(SpoolCodec.encode(e, false), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("secret");
    }

    @Test
    void aReaderStopsAtATornTailAndAtADamagedRecord() throws IOException {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) entries.add(SampleEntries.entry(i));
        byte[] bytes = framed(entries, true);
        int[] ends = new int[entries.size()];
        for (int i = 0, at = 0; i < entries.size(); i++) {
            at += SpoolCodec.encode(entries.get(i), true).length;
            ends[i] = at;
        }
        Path torn = dir.resolve("torn.spool");
        Files.write(torn, java.util.Arrays.copyOf(bytes, ends[29] + 11)); // 30 whole records and a cut-off one
        SpoolReader.Chunk chunk = read(torn, 0, 1_000);
        assertThat(chunk.entries()).containsExactlyElementsOf(entries.subList(0, 30));
        assertThat(chunk.end()).isEqualTo(ends[29]);
        assertThat(chunk.length()).isEqualTo(ends[29] + 11);

        byte[] damaged = bytes.clone();
        damaged[ends[9] + 20] ^= 0x40; // a flipped bit inside record 10's payload
        Path bad = dir.resolve("bad.spool");
        Files.write(bad, damaged);
        SpoolReader.Chunk resynced = read(bad, 0, 1_000);
        List<LedgerEntry> intact = new ArrayList<>(entries);
        intact.remove(10);
        assertThat(resynced.entries()).as("the reader skips the damaged record to the next sync marker")
                .containsExactlyElementsOf(intact);
        assertThat(resynced.damagedRegions()).isEqualTo(1);
        assertThat(resynced.skippedBytes()).isEqualTo(ends[10] - ends[9]);
        assertThat(resynced.end()).isEqualTo(bytes.length);
    }

    @Test
    void framesARecordWithTheSyncMarkerAChecksumAndAVarintLength() {
        byte[] record = SpoolCodec.encode(SampleEntries.entry(1), false);
        assertThat(record[0]).isEqualTo((byte) 0xF5);
        assertThat(record[1]).isEqualTo((byte) 0xFA);
        int payload = record.length - payloadAt(record);
        assertThat(payload).as("typical: a 2-byte length").isBetween(128, 16_383);
        assertThat(record[6] & 0xff | (record[7] & 0x7f) << 7).isEqualTo(payload);
        assertThat(SpoolCodec.framedLength(ByteBuffer.wrap(record))).isEqualTo(record.length);
        // A header cut short asks for more bytes than it has; a marker's second byte gone wrong is no record.
        assertThat(SpoolCodec.framedLength(ByteBuffer.wrap(record, 0, 7))).isGreaterThan(7);
        assertThat(SpoolCodec.framedLength(ByteBuffer.wrap(record, 0, 8))).isEqualTo(record.length);
        byte[] badMarker = record.clone();
        badMarker[1] = 0x7A;
        assertThat(SpoolCodec.framedLength(ByteBuffer.wrap(badMarker))).isEqualTo(-1);
        assertThat(SpoolCodec.read(ByteBuffer.wrap(badMarker))).isEmpty();
    }

    @Test
    void aDamagedLengthIsCaughtByTheChecksum() {
        byte[] record = SpoolCodec.encode(SampleEntries.entry(1), false);
        byte[] shorter = record.clone();
        shorter[6]--; // one byte shorter: still a plausible length, the payload's last byte left over
        ByteBuffer in = ByteBuffer.wrap(shorter);
        assertThat(SpoolCodec.read(in)).isEmpty();
        assertThat(in.position()).isZero();
    }

    @Test
    void readsLongRecordsWhoseLengthTakesThreeAndFourBytes() {
        LedgerEntry threeBytes = withText("y".repeat(20_000)); // past the 16 KiB a 2-byte varint holds
        LedgerEntry fourBytes = withText("x".repeat(3 << 20)); // past the 2 MiB a 3-byte varint holds
        assertThat(payloadAt(SpoolCodec.encode(threeBytes, true))).isEqualTo(9);
        assertThat(payloadAt(SpoolCodec.encode(fourBytes, true))).isEqualTo(10);
        assertThat(roundTrip(List.of(fourBytes, threeBytes), true)).containsExactly(fourBytes, threeBytes);
    }

    private static LedgerEntry withText(String completion) {
        return new LedgerEntry(Instant.EPOCH, "r", "k", Optional.empty(), Optional.empty(), Optional.empty(), "m", "m",
                "t", "b", Optional.empty(), "", "allow", List.of(), Usage.ZERO, Optional.empty(), Duration.ZERO, 200,
                Optional.empty(), 0, 0, Optional.of("p"), Optional.of(completion));
    }

    /** Where a framing-2 record's payload starts: after the marker, the checksum and the length's varint. */
    static int payloadAt(byte[] record) {
        int at = 6;
        while (record[at] < 0) at++;
        return at + 1;
    }

    @Test
    void readsFromAnOffsetInSlicesAndAcrossItsReadBuffer() throws IOException {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) { // ~600 KiB: more than one 256 KiB read
            entries.add(SampleEntries.entry(i));
        }
        Path f = dir.resolve("big.spool");
        Files.write(f, framed(entries, true));
        List<LedgerEntry> back = new ArrayList<>();
        long at = 0;
        while (true) {
            SpoolReader.Chunk c = read(f, at, 700);
            if (c.entries().isEmpty()) break;
            back.addAll(c.entries());
            at = c.end();
        }
        assertThat(back).containsExactlyElementsOf(entries);
        assertThat(at).isEqualTo(Files.size(f));
    }

    private List<LedgerEntry> roundTrip(List<LedgerEntry> entries, boolean storeText) {
        ByteBuffer in = ByteBuffer.wrap(framed(entries, storeText));
        List<LedgerEntry> out = new ArrayList<>();
        for (Optional<LedgerEntry> e; (e = SpoolCodec.read(in)).isPresent(); ) out.add(e.get());
        assertThat(in.hasRemaining()).isFalse();
        return out;
    }

    /** The records of {@code entries} back to back, as the spool holds them. */
    static byte[] framed(List<LedgerEntry> entries, boolean storeText) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        entries.forEach(e -> out.writeBytes(SpoolCodec.encode(e, storeText)));
        return out.toByteArray();
    }

    private static SpoolReader.Chunk read(Path f, long from, int max) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return SpoolReader.read(ch, from, max);
        }
    }
}
