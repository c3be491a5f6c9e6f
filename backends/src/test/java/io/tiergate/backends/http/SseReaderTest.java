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
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < wire.length ? wire[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= wire.length) return -1;
                b[off] = wire[i++];
                return 1;
            }
        };
        assertThat(all(trickle)).extracting(SseReader.Event::dataText).containsExactly("é", "é", "é");
    }
}
