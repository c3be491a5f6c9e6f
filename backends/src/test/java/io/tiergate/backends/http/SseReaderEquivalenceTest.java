package io.tiergate.backends.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SseReader} splits any byte stream, arriving in any pieces, into the same events as the reader it
 * replaced ({@link LineCopyingSseReader}): 2,000 seeded random streams of data, event, comment, id and
 * unknown lines, LF, CRLF and stray CR line ends, empty values, lines longer than the read buffer and
 * streams cut mid-event, each read in random piece sizes.
 */
class SseReaderEquivalenceTest {
    private static final String[] LINES = {
            "data: {\"a\":1}", "data:{\"b\":2}", "data", "data:", "data:  two spaces", "data: caf\u00e9 \ud83d\ude00",
            "data: a:b:c", "data: [DONE]", "event: content_block_delta", "event: message_stop", "event:", "event",
            "event: \u00e9v\u00e9nement", ": keep-alive", ":", "id: 7", "retry: 100", "unknown: x", "DATA: upper",
            "data : spaced", "datax: longer", "data: a\rb", "\r", ""};

    /** A type and the data bytes as Latin-1 text (one char per byte), comparable with equals. */
    record Seen(String type, String data) {}

    private static List<Seen> events(InputStream in, boolean reference) throws IOException {
        List<Seen> out = new ArrayList<>();
        if (reference) {
            LineCopyingSseReader r = new LineCopyingSseReader(in);
            for (var e = r.next(); e.isPresent(); e = r.next()) out.add(new Seen(e.get().type(), new String(e.get().data(), StandardCharsets.ISO_8859_1)));
        } else {
            SseReader r = new SseReader(in);
            for (var e = r.next(); e.isPresent(); e = r.next()) out.add(new Seen(e.get().type(), new String(e.get().data(), StandardCharsets.ISO_8859_1)));
        }
        return out;
    }

    private static byte[] randomStream(Random random) {
        StringBuilder sb = new StringBuilder();
        int lines = random.nextInt(40);
        for (int i = 0; i < lines; i++) {
            int pick = random.nextInt(LINES.length + 3);
            if (pick == LINES.length) sb.append("data: ").append("x".repeat(8000 + random.nextInt(12000)));
            else if (pick > LINES.length) sb.append("");
            else sb.append(LINES[pick]);
            int end = random.nextInt(10);
            sb.append(end < 6 ? "\n" : end < 9 ? "\r\n" : "\r\r\n");
        }
        if (random.nextBoolean()) sb.append("data: cut off");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes in random pieces of 1 to 9,000 bytes. */
    private static InputStream inPieces(byte[] bytes, long seed) {
        Random random = new Random(seed);
        return new PiecewiseInputStream(bytes, at -> 1 + random.nextInt(random.nextBoolean() ? 8 : 9000));
    }

    @Test
    void splitsRandomStreamsInRandomPiecesExactlyAsTheLineCopyingReaderDid() throws IOException {
        Random random = new Random(20261124);
        int events = 0;
        int multiLine = 0;
        int named = 0;
        int longOnes = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] stream = randomStream(random);
            long pieces = random.nextLong();
            List<Seen> expected = events(inPieces(stream, pieces), true);
            assertThat(events(inPieces(stream, pieces), false)).as("stream %d", i).isEqualTo(expected);
            assertThat(events(inPieces(stream, ~pieces), false)).as("stream %d in other pieces", i).isEqualTo(expected);
            events += expected.size();
            multiLine += (int) expected.stream().filter(e -> e.data().contains("\n")).count();
            named += (int) expected.stream().filter(e -> !e.type().equals("message")).count();
            longOnes += (int) expected.stream().filter(e -> e.data().length() > 8192).count();
        }
        assertThat(List.of(events, multiLine, named, longOnes)).allMatch(n -> n > 100).first().isEqualTo(3208);
    }
}
