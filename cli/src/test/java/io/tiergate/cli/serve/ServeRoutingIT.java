package io.tiergate.cli.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.backends.BackendConfig;
import io.tiergate.cli.config.TierConfig;
import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code auto} through the shipped router, its operator targets honoured and every decision explained in headers. */
class ServeRoutingIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EASY = "Say hello to Maria.";
    static final String HARD = "A uniform rod of mass 2 kg and length 1.5 m is pivoted at one end and released from rest "
            + "at 30 degrees above the horizontal. Using conservation of energy and the parallel axis theorem, derive the "
            + "angular velocity when it passes the horizontal, then compute the linear speed of the free end and the "
            + "reaction force at the pivot at that instant. Show each step and give the answers to three significant figures.";

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void autoGoesThroughTheRouterAndTheDecisionIsExplained(@TempDir Path home) throws Exception {
        try (FakeOpenAiUpstream small = FakeOpenAiUpstream.start(); FakeOpenAiUpstream large = FakeOpenAiUpstream.start()) {
            // Nobody may go up: everything stays small.
            try (Served s = serve(home, small, large, new TiergateConfig.RouterSection(true, "built-in", Optional.of(0.0), Optional.empty(), Map.of()))) {
                for (String prompt : List.of(EASY, HARD)) {
                    HttpResponse<String> r = ask(s.http, s.assembly.port(), prompt);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("x-tiergate-tier")).contains("small");
                    double score = Double.parseDouble(r.headers().firstValue("x-tiergate-route-score").orElseThrow());
                    assertThat(score).isBetween(0.0, 1.0);
                    assertThat(r.headers().firstValue("x-tiergate-route-reason").orElseThrow()).contains("small").contains("max-strong-share");
                }
            }
            // A threshold of 0 for 'large' sends everything up, and says why.
            try (Served s = serve(home, small, large, new TiergateConfig.RouterSection(true, "built-in", Optional.empty(), Optional.empty(), Map.of("large", 0.0)))) {
                HttpResponse<String> r = ask(s.http, s.assembly.port(), EASY);
                assertThat(r.headers().firstValue("x-tiergate-tier")).contains("large");
                assertThat(r.headers().firstValue("x-tiergate-route-reason").orElseThrow()).contains("large");
                // An explicit model name bypasses the router.
                HttpResponse<String> explicit = s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.assembly.port() + "/v1/chat/completions"))
                        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"small\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(explicit.headers().firstValue("x-tiergate-tier")).contains("small");
                assertThat(explicit.headers().firstValue("x-tiergate-route-score")).isEmpty();
            }
            assertThat(small.modelCalls()).hasSize(3);
            assertThat(large.modelCalls()).hasSize(1);
        }
    }

    record Served(GatewayAssembly assembly, HttpClient http) implements AutoCloseable {
        @Override
        public void close() {
            http.close();
            assembly.close();
        }
    }

    static Served serve(Path home, FakeOpenAiUpstream small, FakeOpenAiUpstream large, TiergateConfig.RouterSection router) {
        TierConfig s = new TierConfig("small", List.of(BackendConfig.openAi("small-1", small.baseUri()).withModels(Map.of("qwen-1.5b", "q"))), List.of(), null);
        TierConfig l = new TierConfig("large", List.of(BackendConfig.openAi("large-1", large.baseUri()).withModels(Map.of("big", "b"))), List.of(), null);
        TiergateConfig d = TiergateConfig.defaults();
        TiergateConfig config = new TiergateConfig(d.server().withPort(0), new TiergateConfig.EngineSection(false, "local", 1, 256, 1, 1,
                java.time.Duration.ofMinutes(1), 0), d.store(), List.of(s, l), Optional.empty(), Map.of(), router, d.policy(),
                d.ledger().withUrl("jdbc:sqlite:" + home.resolve("ledger.db")));
        return new Served(GatewayAssembly.start(config, home, new PrintWriter(new StringWriter(), true)), HttpClient.newHttpClient());
    }

    static HttpResponse<String> ask(HttpClient http, int port, String prompt) throws Exception {
        String body = JSON.writeValueAsString(Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content", prompt))));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
