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

class SpoolCodecTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryFieldIncludingAbsentOnesAndUnicode() {
        LedgerEntry full = new LedgerEntry(Instant.ofEpochMilli(1_790_000_000_123L), "req-é", "key-😀", Optional.of("team"),
                Optional.of("wf"), Optional.of("step 2"), "auto", "qwen3-1.7b", "local", "engine", Optional.of(0.375),
                "long prompt → strong", "allow", List.of("email", "iban"), new Usage(1_000, 200, 300, 40),
                Optional.of(Duration.ofNanos(1_234_567)), Duration.ofMillis(89), 200, Optional.empty(), 12.5, 99.25,
                Optional.of("prompt"), Optional.of("completion"));
        LedgerEntry sparse = new LedgerEntry(Instant.EPOCH, "r", "k", Optional.empty(), Optional.empty(), Optional.empty(),
                "m", "m", "t", "b", Optional.empty(), "", "deny", List.of(), Usage.ZERO, Optional.empty(), Duration.ZERO,
                403, Optional.of("policy_denied"), 0, 0, Optional.empty(), Optional.empty());
        assertThat(roundTrip(List.of(full, sparse), true)).containsExactly(full, sparse);
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
        assertThat(read(bad, 0, 1_000).entries()).containsExactlyElementsOf(entries.subList(0, 10));
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
