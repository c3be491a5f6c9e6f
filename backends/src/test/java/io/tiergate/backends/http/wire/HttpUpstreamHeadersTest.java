package io.tiergate.backends.http.wire;

import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.http.Deadlines;
import io.tiergate.backends.http.HttpUpstream;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a backend's configured headers do to the request on the wire. */
class HttpUpstreamHeadersTest {
    @Test
    void aConfiguredHeaderReplacesOursWhateverItsCaseAndIsSentOnce() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        }); var upstream = new HttpUpstream(BackendTimeouts.defaults(), Map.of("accept", "application/x-ndjson", "Authorization", "Bearer k"))) {
            Deadlines deadlines = Deadlines.start(BackendTimeouts.defaults());
            try (Http1Response r = upstream.post(server.uri("/v1/chat/completions"), new byte[] {'{', '}'}, true, deadlines)) {
                assertThat(r.status()).isEqualTo(200);
            } finally {
                deadlines.finish();
            }
            String head = server.heads().getFirst().toLowerCase();
            assertThat(head.split("\r\n")).filteredOn(line -> line.startsWith("accept:")).containsExactly("accept: application/x-ndjson");
            assertThat(head).contains("content-type: application/json\r\n").contains("authorization: bearer k\r\n");
        }
    }
}
