package io.tiergate.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.cli.audit.AuditCommand;
import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} from a YAML file with the ledger on, end to end: the admin API creates a key, requests
 * go in with it (others are refused), a graceful stop flushes the ledger, and {@code tiergate audit}
 * over the same database reports every request with its key, team, tokens and savings.
 */
class ServeWithLedgerIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MASTER = "serve-test-master-key-42";

    @TempDir
    Path home;

    @Test
    void requestsThroughServeShowUpInTheAuditReport() throws Exception {
        String db = "jdbc:sqlite:" + home.resolve("audit.db").toAbsolutePath();
        long prompt = 0;
        long completion = 0;
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Path yaml = home.resolve("tiergate.yaml");
            Files.writeString(yaml, """
                    server:
                      port: 0
                      master-key: %s
                    engine:
                      enabled: false
                    tiers:
                      - name: cloud
                        models: [gpt-4o-mini]
                        backends:
                          - id: fake
                            base-url: %s
                    ledger:
                      url: %s
                      flush-interval: 50ms
                      baseline-model: gpt-4o
                    """.formatted(MASTER, upstream.baseUri(), db));
            StringWriter log = new StringWriter();
            try (GatewayAssembly serve = GatewayAssembly.start(TiergateConfig.load(yaml), home, new PrintWriter(log))) {
                String base = "http://127.0.0.1:" + serve.port();
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/keys"))
                        .header("authorization", "Bearer " + MASTER)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"app\",\"team\":\"support\",\"requests_per_minute\":100}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String secret = JSON.readTree(created.body()).path("secret").asText();

                for (int i = 0; i < 4; i++) {
                    boolean stream = i % 2 == 1;
                    String body = "{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                            + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"say something number " + i + "\"}]}";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                            .header("authorization", "Bearer " + secret)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).contains("100");
                    JsonNode usage = usage(r.body());
                    prompt += usage.path("prompt_tokens").asLong();
                    completion += usage.path("completion_tokens").asLong();
                }
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(JSON.readTree(anonymous.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
            } // graceful stop: the ledger is flushed here, no explicit flush
            assertThat(upstream.modelCalls()).hasSize(4);
        }

        StringWriter out = new StringWriter();
        CommandLine audit = new CommandLine(new AuditCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()));
        assertThat(audit.execute("--db", db, "--by", "team", "--format", "json")).isZero();
        JsonNode report = JSON.readTree(out.toString());
        JsonNode row = report.path("rows").get(0);
        assertThat(report.path("rows")).hasSize(1);
        assertThat(row.path("group").asText()).isEqualTo("support");
        assertThat(row.path("requests").asLong()).isEqualTo(4);
        assertThat(row.path("errors").asLong()).isZero();
        assertThat(row.path("promptTokens").asLong()).isEqualTo(prompt).isPositive();
        assertThat(row.path("completionTokens").asLong()).isEqualTo(completion).isPositive();
        // built-in prices per token: gpt-4o-mini 0.15 / 0.60, baseline gpt-4o 2.50 / 10.00 micro-dollars
        assertThat(row.path("costMicros").asDouble()).isCloseTo(0.15 * prompt + 0.60 * completion, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(row.path("savingsMicros").asDouble()).isCloseTo(2.35 * prompt + 9.40 * completion, org.assertj.core.data.Offset.offset(1e-6));
    }

    private static JsonNode usage(String body) throws Exception {
        if (!body.startsWith("data:")) return JSON.readTree(body).path("usage");
        for (String event : body.split("\n\n")) {
            String data = event.substring("data: ".length());
            if (!data.equals("[DONE]") && JSON.readTree(data).hasNonNull("usage")) return JSON.readTree(data).path("usage");
        }
        throw new AssertionError("no usage in " + body);
    }
}
