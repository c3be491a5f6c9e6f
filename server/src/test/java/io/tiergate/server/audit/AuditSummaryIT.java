package io.tiergate.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tiergate.server.audit.AuditHarness.MASTER;
import static io.tiergate.server.audit.AuditHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /v1/audit/summary} over real traffic: grouped by model and by key, with cost and savings
 * against the baseline for known prices (test-model: 1 and 2 micro-dollars per prompt and completion
 * token; the in-process tier is free; baseline gpt-4o: 2.5 and 10), and who may see what.
 */
class AuditSummaryIT {
    @TempDir
    Path dir;
    final DummyBackend local = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate");
    final DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
    AuditHarness h;
    String red;
    String blue;
    /** model → {prompt, completion} as the clients saw them. */
    final Map<String, long[]> usage = new HashMap<>();

    @BeforeEach
    void traffic() throws Exception {
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("local", 0, local, "small"),
                AuditHarness.tier("cloud", 1, cloud, "test-model")), ResidencyPolicy.ALLOW_ALL, Optional.of(MASTER));
        red = h.createKey("{\"name\":\"red app\",\"team\":\"red\"}");
        blue = h.createKey("{\"name\":\"blue app\",\"team\":\"blue\"}");
        send(red, "test-model", "the quick brown fox", 3);
        send(red, "small", "jumps over", 2);
        send(blue, "test-model", "the lazy dog sleeps all day", 1);
        h.wiring.ledger().flush();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void send(String secret, String model, String text, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            HttpResponse<String> r = h.post("/v1/chat/completions", AuditHarness.chat(model, text, i % 2 == 1), Optional.of(secret));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode u = AuditHarness.usage(r);
            long[] sums = usage.computeIfAbsent(model, m -> new long[2]);
            sums[0] += u.path("prompt_tokens").asLong();
            sums[1] += u.path("completion_tokens").asLong();
        }
    }

    static Map<String, JsonNode> rows(JsonNode report) {
        Map<String, JsonNode> out = new HashMap<>();
        report.path("rows").forEach(r -> out.put(r.path("group").asText(), r));
        return out;
    }

    @Test
    void groupedByModelWithCostAndSavingsForKnownPrices() throws Exception {
        HttpResponse<String> r = h.get("/v1/audit/summary?by=model&since=1h", Optional.of(MASTER));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).get().asString().startsWith("application/json");
        JsonNode report = json(r);
        assertThat(report.path("groupBy").asText()).isEqualTo("model");
        Map<String, JsonNode> rows = rows(report);
        assertThat(rows.keySet()).containsExactlyInAnyOrder("test-model", "small");

        long[] t = usage.get("test-model");
        JsonNode cloudRow = rows.get("test-model");
        assertThat(cloudRow.path("requests").asLong()).isEqualTo(4);
        assertThat(cloudRow.path("promptTokens").asLong()).isEqualTo(t[0]);
        assertThat(cloudRow.path("completionTokens").asLong()).isEqualTo(t[1]);
        double cost = t[0] + 2.0 * t[1];
        double counterfactual = 2.5 * t[0] + 10.0 * t[1];
        assertThat(cloudRow.path("costMicros").asDouble()).isCloseTo(cost, within(1e-6));
        assertThat(cloudRow.path("counterfactualCostMicros").asDouble()).isCloseTo(counterfactual, within(1e-6));
        assertThat(cloudRow.path("savingsMicros").asDouble()).isCloseTo(counterfactual - cost, within(1e-6));
        assertThat(cloudRow.path("savingsPercent").asDouble()).isCloseTo(100 * (counterfactual - cost) / counterfactual, within(1e-6));

        long[] s = usage.get("small");
        JsonNode localRow = rows.get("small");
        assertThat(localRow.path("requests").asLong()).isEqualTo(2);
        assertThat(localRow.path("costMicros").asDouble()).isZero();
        assertThat(localRow.path("savingsMicros").asDouble()).isCloseTo(2.5 * s[0] + 10.0 * s[1], within(1e-6));
        assertThat(localRow.path("savingsPercent").asDouble()).isCloseTo(100.0, within(1e-9));

        JsonNode total = report.path("total");
        assertThat(total.path("requests").asLong()).isEqualTo(6);
        assertThat(total.path("savingsMicros").asDouble()).isCloseTo(
                cloudRow.path("savingsMicros").asDouble() + localRow.path("savingsMicros").asDouble(), within(1e-6));
    }

    @Test
    void groupedByKeyAndFilteredByTeam() throws Exception {
        Map<String, JsonNode> byKey = rows(json(h.get("/v1/audit/summary?by=key", Optional.of(MASTER))));
        assertThat(byKey.get(red.substring(0, 11)).path("requests").asLong()).isEqualTo(5);
        assertThat(byKey.get(blue.substring(0, 11)).path("requests").asLong()).isEqualTo(1);
        assertThat(byKey).hasSize(2);
        JsonNode blueTeam = json(h.get("/v1/audit/summary?team=blue&format=json", Optional.of(MASTER)));
        assertThat(blueTeam.path("total").path("requests").asLong()).isEqualTo(1);
        JsonNode before = json(h.get("/v1/audit/summary?until=2020-01-01", Optional.of(MASTER)));
        assertThat(before.path("total").path("requests").asLong()).isZero();
        // every call here is a chat completion
        assertThat(json(h.get("/v1/audit/summary?kind=chat", Optional.of(MASTER))).path("total").path("requests").asLong()).isEqualTo(6);
        assertThat(json(h.get("/v1/audit/summary?kind=embedding", Optional.of(MASTER))).path("total").path("requests").asLong()).isZero();
        HttpResponse<String> badKind = h.get("/v1/audit/summary?kind=other", Optional.of(MASTER));
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(json(badKind).path("error").path("message").asText()).contains("invalid kind 'other'");
    }

    @Test
    void aVirtualKeySeesOnlyItsOwnEntries() throws Exception {
        JsonNode own = json(h.get("/v1/audit/summary?by=model", Optional.of(blue)));
        assertThat(own.path("total").path("requests").asLong()).isEqualTo(1);
        assertThat(rows(own).keySet()).containsExactly("test-model");
        assertThat(json(h.get("/v1/audit/summary?key=" + blue.substring(0, 11), Optional.of(blue))).path("total")
                .path("requests").asLong()).isEqualTo(1);
        HttpResponse<String> other = h.get("/v1/audit/summary?key=" + red.substring(0, 11), Optional.of(blue));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(json(other).path("error").path("param").asText()).isEqualTo("key");
        assertThat(h.get("/v1/audit/summary", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(h.get("/v1/audit/summary", Optional.of("tg-wrongwrongwrongwrongwrongwrongwr")).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource({"by=colour,by", "since=yesterday,since", "format=csv,format", "since=1h&until=2h,since"})
    void badFiltersAre400sNamingTheParameter(String query, String param) throws Exception {
        HttpResponse<String> r = h.get("/v1/audit/summary?" + query, Optional.of(MASTER));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json(r).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
    }
}
