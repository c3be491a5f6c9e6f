package io.tiergate.cli.serve;

import io.tiergate.backends.BackendConfig;
import io.tiergate.cli.config.TierConfig;
import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.server.ServerConfig;
import io.tiergate.store.StoreConfig;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import io.tiergate.testkit.hub.FakeHuggingFaceHub;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} on an empty store: pulls the default model from the Hub (a local server speaking its
 * layout) and serves it in-process; offline, it says so and the other tiers serve.
 */
class ServeDefaultModelIT {
    static final String CHAT = "{\"model\":\"auto\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    static TiergateConfig config(Path home, String hubEndpoint, List<TierConfig> tiers) {
        TiergateConfig d = TiergateConfig.defaults();
        return new TiergateConfig(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY_BYTES, Optional.empty()),
                new TiergateConfig.EngineSection(true, "local", 2, 256, 2, 8, java.time.Duration.ofMinutes(1), 0),
                new StoreConfig(home.toString(), hubEndpoint, "qwen3:0.6b", true), tiers, Optional.empty(), Map.of(), d.router(),
                d.policy(), new LedgerConfig(false, Optional.empty(), java.time.Duration.ofMillis(200), 500, 65536,
                java.time.Duration.ofMillis(5), false, "gpt-4o", Map.of(), io.tiergate.api.ModelPrice.FREE, null));
    }

    static HttpResponse<String> chat(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void anEmptyStorePullsTheDefaultModelAndServesItInProcess(@TempDir Path home) throws Exception {
        Path model = SyntheticModelWriter.write(home.resolve("src.gguf"), SyntheticModelShape.tiny("qwen3"), GgufTensorType.Q8_0, 7);
        try (FakeHuggingFaceHub hub = FakeHuggingFaceHub.start()) {
            hub.addFile("Qwen/Qwen3-0.6B-GGUF", "Qwen3-0.6B-Q8_0.gguf", Files.readAllBytes(model));
            StringWriter log = new StringWriter();
            try (GatewayAssembly a = GatewayAssembly.start(config(home, hub.endpoint().toString(), List.of()), home, new PrintWriter(log, true))) {
                assertThat(log.toString()).contains("pulled the default model");
                HttpResponse<String> r = chat(a.port());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-tiergate-tier")).contains("local");
                assertThat(r.headers().firstValue("x-tiergate-backend")).contains("engine");
                assertThat(r.body()).contains("\"completion_tokens\":");
            }
        }
    }

    @Test
    void offlineItSaysSoAndTheOtherTiersServe(@TempDir Path home) throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            TierConfig lan = new TierConfig("lan", List.of(BackendConfig.openAi("ollama", upstream.baseUri()).withModels(Map.of("m", "m"))),
                    List.of(), null);
            StringWriter log = new StringWriter();
            try (GatewayAssembly a = GatewayAssembly.start(config(home, "http://127.0.0.1:9", List.of(lan)), home, new PrintWriter(log, true))) {
                assertThat(log.toString()).contains("no local model").contains("127.0.0.1:9");
                HttpResponse<String> r = chat(a.port());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-tiergate-tier")).contains("lan");
            }
        }
    }
}
