package io.tiergate.server;

import io.tiergate.api.Locality;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server's {@code /metrics} after chat and embedding calls on the same model: each kind lands in its own
 * families, the chat ones count only chat (as before embeddings went through the gateway), and no
 * first-token sample exists for an embedding.
 */
class MetricsByCallKindIT {
    private static final String LOCAL = "backend=\"engine\",model=\"small\",tier=\"local\"";

    private final ServerHarness h = new ServerHarness(
            List.of(ServerHarness.tier("local", 0, new DummyBackend("engine", Locality.IN_PROCESS, "tiergate"), "small")),
            Authentication.OPEN, 64 * 1024);

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void chatAndEmbeddingCallsAreCountedUnderTheirOwnKind() throws Exception {
        String chat = "{\"model\":\"small\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"two words\"}]}";
        assertThat(h.post("/v1/chat/completions", chat).statusCode()).isEqualTo(200);
        HttpResponse<String> embedded = h.post("/v1/embeddings", "{\"model\":\"small\",\"input\":[\"one two three\",\"four\"]}");
        assertThat(embedded.statusCode()).as(embedded.body()).isEqualTo(200);
        assertThat(h.post("/v1/embeddings", "{\"model\":\"no-such-model\",\"input\":\"x\"}").statusCode()).isEqualTo(404);

        String text = h.get("/metrics").body();
        assertThat(value(text, "tiergate_requests_total{backend=\"engine\",model=\"small\",status=\"200\",tier=\"local\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_request_duration_seconds_count{" + LOCAL + "}")).isEqualTo(1);
        assertThat(value(text, "tiergate_time_to_first_token_seconds_count{" + LOCAL + "}")).isEqualTo(1);
        assertThat(value(text, "tiergate_input_tokens_total{" + LOCAL + "}")).isEqualTo(2);

        assertThat(value(text, "tiergate_embedding_requests_total{backend=\"engine\",model=\"small\",status=\"200\",tier=\"local\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_embedding_request_duration_seconds_count{" + LOCAL + "}")).isEqualTo(1);
        // the dummy counts words: 3 + 1
        assertThat(value(text, "tiergate_embedding_input_tokens_total{" + LOCAL + "}")).isEqualTo(4);
        assertThat(value(text, "tiergate_embedding_requests_total{backend=\"none\",model=\"no-such-model\",status=\"404\",tier=\"none\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_embedding_errors_total{backend=\"none\",code=\"model_not_found\",model=\"no-such-model\",tier=\"none\"}")).isEqualTo(1);
        assertThat(text).doesNotContain("tiergate_requests_total{backend=\"none\"").doesNotContain("tiergate_errors_total{")
                .doesNotContain("tiergate_embedding_time_to_first_token").doesNotContain("tiergate_embedding_output_tokens");
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
    }
}
