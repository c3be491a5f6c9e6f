package io.tiergate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.engine.backend.InProcessBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through real HTTP, the in-process engine over a synthetic GGUF: a max_tokens beyond the context's
 * room is clamped and the client sees {@code x-tiergate-max-tokens-clamped: REQUESTED -> GRANTED},
 * streamed (the header precedes the first event) and not.
 */
class MaxTokensClampHeaderIT {

    private static final int CONTEXT = ClampingEngine.CONTEXT;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static InProcessBackend engine;
    static ServerHarness h;

    @BeforeAll
    static void start() {
        engine = ClampingEngine.start(dir);
        h = new ServerHarness(List.of(ServerHarness.tier("local", 0, engine, "tiny")), Authentication.OPEN, 64 * 1024);
    }

    @AfterAll
    static void stop() {
        h.close();
        engine.close();
    }

    private static String body(int maxTokens, boolean stream) {
        return ClampingEngine.body(maxTokens, stream);
    }

    @Test
    void anUnstreamedAnswerCarriesTheClampAndStopsAtTheGrantedLength() throws Exception {
        HttpResponse<String> r = h.post("/v1/chat/completions", body(1000, false));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        int granted = CONTEXT - json.path("usage").path("prompt_tokens").asInt();
        assertThat(granted).isBetween(2, CONTEXT - 1);
        assertThat(r.headers().firstValue("x-tiergate-max-tokens-clamped")).contains("1000 -> " + granted);
        assertThat(r.headers().firstValue("x-tiergate-tier")).contains("local");
        // greedy on this file meets no end-of-generation token, so it runs into the clamped budget
        assertThat(json.path("usage").path("completion_tokens").asInt()).isEqualTo(granted);
        assertThat(json.path("choices").path(0).path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void aStreamedAnswerCarriesTheClampInItsHeaders() throws Exception {
        HttpResponse<String> plain = h.post("/v1/chat/completions", body(1000, false));
        int granted = CONTEXT - JSON.readTree(plain.body()).path("usage").path("prompt_tokens").asInt();
        HttpResponse<String> r = h.post("/v1/chat/completions", body(1000, true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(r.headers().firstValue("x-tiergate-max-tokens-clamped")).contains("1000 -> " + granted);
        assertThat(r.body()).contains("\"finish_reason\":\"length\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void aMaxTokensThatFitsGetsNoClampHeader() throws Exception {
        HttpResponse<String> plain = h.post("/v1/chat/completions", body(3, false));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("x-tiergate-max-tokens-clamped")).isEmpty();
        assertThat(plain.headers().firstValue("x-tiergate-tier")).contains("local");
        HttpResponse<String> streamed = h.post("/v1/chat/completions", body(3, true));
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("x-tiergate-max-tokens-clamped")).isEmpty();
        assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
    }
}
