package io.tiergate.backends.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {
    private static List<SseReader.Event> all(InputStream in) throws IOException {
        SseReader r = new SseReader(in);
        List<SseReader.Event> out = new ArrayList<>();
        for (var e = r.next(); e.isPresent(); e = r.next()) out.add(e.get());
        return out;
    }

    @Test
    void readsDataEventsNamedEventsCommentsAndMultiLineData() throws IOException {
        String wire = ": keep-alive\n\ndata: {\"a\":1}\n\nevent: message_stop\r\ndata: {\"type\":\"x\"}\r\n\r\ndata: one\ndata: two\nid: 7\n\ndata:[DONE]\n\n";
        List<SseReader.Event> events = all(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
        assertThat(events).extracting(SseReader.Event::type).containsExactly("message", "message_stop", "message", "message");
        assertThat(events).extracting(SseReader.Event::dataText).containsExactly("{\"a\":1}", "{\"type\":\"x\"}", "one\ntwo", "[DONE]");
    }

    @Test
    void dropsAnEventCutOffByTheEndOfTheStream() throws IOException {
        assertThat(all(new ByteArrayInputStream("data: whole\n\ndata: half".getBytes(StandardCharsets.UTF_8))))
                .extracting(SseReader.Event::dataText).containsExactly("whole");
    }

    @Test
    void handsOutEachEventAsSoonAsItsBlankLineArrivesEvenByteByByte() throws IOException {
        byte[] wire = "data: é\n\n".repeat(3).getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new PiecewiseInputStream(wire, at -> 1);
        assertThat(all(trickle)).extracting(SseReader.Event::dataText).containsExactly("é", "é", "é");
    }

    private static List<SseReader.Event> all(String wire) throws IOException {
        return all(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void joinsEveryDataLineOfAnEventIncludingEmptyOnes() throws IOException {
        assertThat(all("data\ndata:\ndata: x\r\ndata:  y\n\n")).extracting(SseReader.Event::dataText).containsExactly("\n\nx\n y");
    }

    @Test
    void namedTypesLastOneEventAndAnEmptyNameIsKept() throws IOException {
        List<SseReader.Event> events = all("event: a\ndata: 1\n\ndata: 2\n\nevent: a\ndata: 3\n\nevent:\ndata: 4\n\nevent: ping\n\ndata: 5\n\n");
        assertThat(events).extracting(SseReader.Event::type).containsExactly("a", "message", "a", "", "message");
        assertThat(events).extracting(SseReader.Event::dataText).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void onlyTheExactFieldNamesCount() throws IOException {
        assertThat(all("DATA: x\ndata : y\ndatax: z\nEvent: e\n\ndata: ok\n\n"))
                .extracting(SseReader.Event::type, SseReader.Event::dataText).containsExactly(org.assertj.core.groups.Tuple.tuple("message", "ok"));
    }

    @Test
    void aLoneCarriageReturnStaysInsideTheLine() throws IOException {
        assertThat(all("data: a\rb\r\r\n\n")).extracting(SseReader.Event::dataText).containsExactly("a\rb\r");
    }

    @Test
    void aLineLongerThanTheReadBufferArrivesWholeEvenWithItsCrlfSplitAcrossReads() throws IOException {
        String longValue = "v".repeat(20_000);
        byte[] wire = ("data: " + longValue + "\r\n\r\ndata: short\n\n").getBytes(StandardCharsets.UTF_8);
        int crAt = 6 + longValue.length();
        InputStream splitAtTheCr = new PiecewiseInputStream(wire, at -> at <= crAt ? crAt + 1 - at : wire.length);
        assertThat(all(splitAtTheCr)).extracting(SseReader.Event::dataText).containsExactly(longValue, "short");
    }

    @Test
    void dropsAMultiLineEventCutOffByTheEndOfTheStream() throws IOException {
        assertThat(all("data: a\n\ndata: b\ndata: c\n")).extracting(SseReader.Event::dataText).containsExactly("a");
    }
}
