package io.tiergate.server.audit;

import io.tiergate.api.ResidencyPolicy;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.UpstreamBehavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tiergate.server.audit.AuditHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unstreamed call whose client disconnects while a slow upstream works on it is cancelled, yet the
 * upstream has read (and bills) the prompt: the key's budget is charged the call's reservation — prompt
 * estimate plus max_tokens, at test-model's 1 and 2 micro-dollars per token — not zero. Requests refused
 * before any upstream contact (400, 404) cost nothing. The spend is read through the budget's edge: with a
 * budget of 2R - 1, a request reserving R is refused after the cancel and one reserving R - 1 admitted, so
 * the cancel cost exactly R.
 */
class DisconnectedCallBudgetIT {
    /** 48 characters: (48 + 3) / 4 + 4 = 16 prompt tokens estimated. */
    private static final String PROMPT = "a large prompt the upstream reads and bills for.";
    private static final int MAX_TOKENS = 50;
    /** The reservation of PROMPT with MAX_TOKENS: 16 * 1 + 50 * 2 micro-dollars. */
    private static final long RESERVATION = 16 + 2L * MAX_TOKENS;

    @TempDir
    Path dir;
    FakeOpenAiUpstream upstream;
    OpenAiCompatibleBackend backend;
    AuditHarness h;

    @BeforeEach
    void start() {
        upstream = FakeOpenAiUpstream.start();
        backend = new OpenAiCompatibleBackend(BackendConfig.openAi("upstream", upstream.baseUri())
                .withModels(Map.of("test-model", "test-model")));
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("cloud", 0, backend, "test-model")),
                ResidencyPolicy.ALLOW_ALL, Optional.of(AuditHarness.MASTER));
    }

    @AfterEach
    void stop() {
        h.close();
        backend.close();
        upstream.close();
    }

    @Test
    void aClientThatLeavesAnUnstreamedCallIsChargedItsReservation() throws Exception {
        String secret = h.createKey("{\"name\":\"leaver\",\"budget_per_day_micros\":" + (2 * RESERVATION - 1) + "}");
        upstream.enqueue(UpstreamBehavior.delayed(Duration.ofSeconds(5)));
        byte[] body = body(PROMPT).getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket("127.0.0.1", h.server.port())) {
            client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + secret + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().write(body);
            client.getOutputStream().flush();
            Thread.sleep(800); // the upstream has the request and is slow to answer
        }
        String keyId = secret.substring(0, 11);
        List<String> entries = awaitEntries(keyId, Duration.ofSeconds(5));
        assertThat(entries).as("the call was cancelled, well before the upstream's 5 s").singleElement().asString()
                .startsWith("502 cancelled");
        assertThat(upstream.modelCalls()).hasSize(1);

        HttpResponse<String> sameSize = chat(secret, PROMPT);
        assertThat(sameSize.statusCode()).as("the cancel cost R, and R more would pass 2R - 1: " + sameSize.body()).isEqualTo(429);
        assertThat(json(sameSize).path("error").path("code").asText()).isEqualTo("budget_exceeded");
        HttpResponse<String> oneLess = chat(secret, PROMPT.substring(4)); // one prompt token less: R - 1
        assertThat(oneLess.statusCode()).as("the cancel cost no more than R: " + oneLess.body()).isEqualTo(200);
        assertThat(upstream.modelCalls()).hasSize(2);
    }

    @Test
    void requestsRefusedBeforeTheUpstreamCostNothing() throws Exception {
        String secret = h.createKey("{\"name\":\"refused\",\"budget_per_day_micros\":" + RESERVATION + "}");
        HttpResponse<String> unknown = h.post("/v1/chat/completions", body(PROMPT).replace("test-model", "no-such-model"), Optional.of(secret));
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> invalid = h.post("/v1/chat/completions", body(PROMPT).replace("\"max_tokens\":", "\"temperature\":\"hot\",\"max_tokens\":"),
                Optional.of(secret));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(upstream.modelCalls()).isEmpty();
        HttpResponse<String> fits = chat(secret, PROMPT);
        assertThat(fits.statusCode()).as("the whole budget R is left for a request reserving R: " + fits.body()).isEqualTo(200);
    }

    private HttpResponse<String> chat(String secret, String prompt) throws Exception {
        return h.post("/v1/chat/completions", body(prompt), Optional.of(secret));
    }

    private static String body(String prompt) {
        return "{\"model\":\"test-model\",\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    private List<String> awaitEntries(String keyId, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> entries = h.entries(keyId);
        while (entries.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            entries = h.entries(keyId);
        }
        return entries;
    }
}
