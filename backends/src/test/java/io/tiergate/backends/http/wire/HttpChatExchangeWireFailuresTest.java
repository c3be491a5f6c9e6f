package io.tiergate.backends.http.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.Role;
import io.tiergate.api.Usage;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.UpstreamProtocolException;
import io.tiergate.backends.http.ChatEventDecoder;
import io.tiergate.backends.http.HttpChatExchange;
import io.tiergate.backends.http.HttpUpstream;
import io.tiergate.backends.http.ProxySelection;
import io.tiergate.backends.http.SseReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What a backend call returns when the proxy refuses or the body comes compressed: values, never exceptions or hangs. */
class HttpChatExchangeWireFailuresTest {
    private static final String ANSWER = "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + "squeezed ".repeat(50).strip() + "\"},\"finish_reason\":\"stop\"}]}";
    private static final byte[] BODY = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aProxyRefusingTheTunnelIsAConnectFailureNamingTheProxyAndStatus() throws Exception {
        try (var proxy = new ForwardProxy().requireAuthorization("Basic dXNlcjpwYXNz")) {
            ProxySelection env = ProxySelection.fromEnvironment(Map.of("HTTPS_PROXY", proxy.url()));
            BackendOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> call(env, URI.create("https://api.example.test/v1/chat/completions")));
            BackendFailure f = ((BackendOutcome.Failed) outcome).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.CONNECT);
            assertThat(f.message()).contains("backend 'cloud'").contains("proxy " + proxy.proxy().address())
                    .contains("CONNECT api.example.test:443").contains("HTTP 407");
            assertThat(f.streamStarted()).isFalse();
        }
    }

    @Test
    void aGzippedAnswerIsDecoded() throws Exception {
        byte[] gz = Http1ContentDecodingTest.gzip(ANSWER);
        try (var server = new RawHttpServer((n, x) -> {
            while (x.readRequest()) {
                x.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n");
                x.write(gz);
            }
        })) {
            BackendOutcome outcome = call(ProxySelection.direct(), server.uri("/v1/chat/completions"));
            assertThat(outcome).isInstanceOf(BackendOutcome.Completed.class);
            assertThat(((BackendOutcome.Completed) outcome).response().text()).startsWith("squeezed squeezed").hasSize(50 * 9 - 1);
            assertThat(server.heads().getFirst()).contains("\r\nAccept-Encoding: gzip\r\n");
        }
    }

    @Test
    void anUnknownContentEncodingIsAProtocolFailureNamingIt() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: zstd\r\nContent-Length: 3\r\n\r\nabc");
        })) {
            BackendOutcome outcome = call(ProxySelection.direct(), server.uri("/v1/chat/completions"));
            BackendFailure f = ((BackendOutcome.Failed) outcome).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.PROTOCOL);
            assertThat(f.message()).contains("backend 'cloud'").contains("Content-Encoding 'zstd'");
        }
    }

    private static BackendOutcome call(ProxySelection proxies, URI uri) {
        try (var http = new HttpUpstream(BackendTimeouts.defaults(), Map.of(), proxies)) {
            return new HttpChatExchange("cloud", http, BackendTimeouts.defaults()).run(uri, BODY, false, false, ChatStream.DISCARD, new ContentDecoder());
        }
    }

    /** Reads an OpenAI-shaped whole answer: enough to see a decoded body arrive as a response. */
    private static final class ContentDecoder implements ChatEventDecoder {
        private static final ObjectMapper M = new ObjectMapper();

        @Override
        public Step decode(SseReader.Event event) {
            return Step.DONE;
        }

        @Override
        public ChatResponse decodeWhole(byte[] body) {
            try {
                JsonNode root = M.readTree(body);
                String text = root.at("/choices/0/message/content").asText();
                ChatChoice choice = new ChatChoice(0, ChatMessage.of(Role.ASSISTANT, text), "stop", Optional.empty());
                return new ChatResponse(root.path("id").asText(), root.path("model").asText(), 0, List.of(choice), Usage.ZERO, Optional.empty());
            } catch (IOException e) {
                throw new UpstreamProtocolException("not JSON: " + e.getMessage());
            }
        }

        @Override
        public Optional<String> errorMessage(byte[] body) {
            return Optional.empty();
        }
    }
}
