package io.tiergate.cli.serve;

import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.pool.PoolConfig;
import io.tiergate.cli.config.TierConfig;
import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /ready} follows the tiers' health checks: 503 while no backend is up, 200 once one is. */
class ReadinessIT {
    @Test
    @Timeout(60)
    void readinessFollowsBackendHealth(@TempDir Path home) throws Exception {
        FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
        upstream.setModelsStatus(503);
        PoolConfig fastChecks = PoolConfig.defaults().withHealthChecks(Duration.ofMillis(100), 1, Duration.ofMillis(200));
        TierConfig lan = new TierConfig("lan", List.of(BackendConfig.openAi("only", upstream.baseUri()).withModels(Map.of("m", "m"))),
                List.of(), fastChecks);
        TiergateConfig d = TiergateConfig.defaults();
        TiergateConfig config = new TiergateConfig(d.server().withPort(0), new TiergateConfig.EngineSection(false, "local", 1, 256, 1, 1,
                Duration.ofMinutes(1), 0), d.store(), List.of(lan), Optional.empty(), Map.of(), d.router(), d.policy(),
                d.ledger().withUrl("jdbc:sqlite:" + home.resolve("ledger.db")));
        try (upstream; GatewayAssembly a = GatewayAssembly.start(config, home, new PrintWriter(new StringWriter(), true));
             HttpClient http = HttpClient.newHttpClient()) {
            URI ready = URI.create("http://127.0.0.1:" + a.port() + "/ready");
            assertThat(waitFor(http, ready, 503)).as("no live backend: not ready").isTrue();
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            upstream.setModelsStatus(200);
            assertThat(waitFor(http, ready, 200)).as("backend back: ready").isTrue();
        }
    }

    static boolean waitFor(HttpClient http, URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == status) return true;
            Thread.sleep(50);
        }
        return false;
    }
}
