package io.tiergate.backends.http.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.http.Deadlines;
import io.tiergate.backends.http.HttpUpstream;
import io.tiergate.backends.http.ProxySelection;
import io.tiergate.backends.http.ResponseBodies;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A backend's outbound HTTP and its proxy choice, against the fake OpenAI upstream behind the test
 * proxy. Targets are named {@code *.example.test}: the proxy reaches them at 127.0.0.1, and a call
 * that went direct instead would fail to resolve the name.
 */
class HttpUpstreamProxyTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final byte[] CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello proxy\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM_CHAT = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello proxy\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private final FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void httpProxyFromTheEnvironmentCarriesWholeAndStreamedChats() throws Exception {
        try (var proxy = new ForwardProxy(); var http = upstream(Map.of("http_proxy", proxy.url()))) {
            URI chat = named("/chat/completions");
            String whole = text(http, chat, CHAT, false);
            assertThat(M.readTree(whole).at("/choices/0/message/content").asText()).isEqualTo("You said: hello proxy");
            String streamed = text(http, chat, STREAM_CHAT, true);
            assertThat(streamed).contains("data: ").contains("You").contains("data: [DONE]");
            assertThat(proxy.heads()).hasSize(2).allSatisfy(h -> assertThat(h).startsWith("POST " + chat + " HTTP/1.1\r\n"));
            assertThat(upstream.modelCalls()).hasSize(2);
        }
    }

    @Test
    void wholeBodyCallsAskForGzipAndStreamCallsDoNot() throws Exception {
        try (var proxy = new ForwardProxy(); var http = upstream(Map.of("HTTP_PROXY", proxy.url()))) {
            URI chat = named("/chat/completions");
            text(http, chat, CHAT, false);
            text(http, chat, STREAM_CHAT, true);
            try (Http1Response r = http.get(named("/models"), Duration.ofSeconds(5))) {
                ResponseBodies.read(r);
            }
            assertThat(proxy.heads().get(0)).contains("\r\nAccept-Encoding: gzip\r\n");
            assertThat(proxy.heads().get(1)).doesNotContainIgnoringCase("accept-encoding");
            assertThat(proxy.heads().get(2)).startsWith("GET " + named("/models")).contains("\r\nAccept-Encoding: gzip\r\n");
        }
    }

    @Test
    void noProxyAndLoopbackTargetsGoDirect() throws Exception {
        try (var proxy = new ForwardProxy()) {
            try (var http = upstream(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "unrelated.test"))) {
                URI loopback = HttpUpstream.resolve(upstream.baseUri(), "/chat/completions"); // http://127.0.0.1:port/v1/...
                assertThat(text(http, loopback, CHAT, false)).contains("You said: hello proxy");
            }
            try (var http = upstream(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", ".example.test"))) {
                assertThatThrownBy(() -> text(http, named("/chat/completions"), CHAT, false))
                        .as("direct to a name that resolves nowhere").isInstanceOf(IOException.class);
            }
            assertThat(proxy.connections()).isZero();
            assertThat(upstream.modelCalls()).hasSize(1);
        }
    }

    @Test
    void aBackendsOwnProxyIsUsedEvenForLoopbackAndNoneOverridesTheEnvironment() throws Exception {
        URI loopback = HttpUpstream.resolve(upstream.baseUri(), "/chat/completions");
        try (var proxy = new ForwardProxy(); var other = new ForwardProxy()) {
            Map<String, String> env = Map.of("HTTP_PROXY", other.url());
            try (var http = new HttpUpstream(BackendTimeouts.defaults(), Map.of(), ProxySelection.configured(Optional.of(proxy.url()), env))) {
                assertThat(text(http, loopback, CHAT, false)).contains("You said: hello proxy");
            }
            try (var http = new HttpUpstream(BackendTimeouts.defaults(), Map.of(), ProxySelection.configured(Optional.of("none"), env))) {
                assertThatThrownBy(() -> text(http, named("/chat/completions"), CHAT, false)).isInstanceOf(IOException.class);
            }
            assertThat(proxy.heads()).hasSize(1).first().asString().startsWith("POST " + loopback + " HTTP/1.1\r\n");
            assertThat(other.connections()).isZero();
        }
    }

    private HttpUpstream upstream(Map<String, String> env) {
        return new HttpUpstream(BackendTimeouts.defaults(), Map.of(), ProxySelection.fromEnvironment(env));
    }

    /** The fake upstream's URL under a name only the proxy can reach. */
    private URI named(String path) {
        return URI.create("http://openai.example.test:" + upstream.baseUri().getPort() + "/v1" + path);
    }

    private static String text(HttpUpstream http, URI uri, byte[] body, boolean sse) throws IOException {
        Deadlines deadlines = Deadlines.start(BackendTimeouts.defaults());
        try (Http1Response r = http.post(uri, body, sse, deadlines)) {
            assertThat(r.status()).isEqualTo(200);
            return new String(ResponseBodies.read(r), StandardCharsets.UTF_8);
        } finally {
            deadlines.finish();
        }
    }
}
