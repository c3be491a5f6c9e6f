package io.tiergate.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.LedgerQuery;
import io.tiergate.api.LedgerSummary;
import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tiergate.server.audit.AuditHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits and budgets of virtual keys over HTTP: x-ratelimit-* headers on admitted responses
 * (plain and streamed), 429s in OpenAI's shape with the headers and retry-after, and budgets that
 * parallel requests cannot overspend. test-model costs 1 micro-dollar per prompt token and 2 per
 * completion token; each request asks max_tokens 50, so its reservation is about 110 micro-dollars.
 */
class LimitsIT {
    @TempDir
    Path dir;
    final DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
    AuditHarness h;

    @BeforeEach
    void start() {
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("cloud", 0, cloud, "test-model")),
                ResidencyPolicy.ALLOW_ALL, Optional.of(AuditHarness.MASTER));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    HttpResponse<String> chat(String secret, boolean stream) throws Exception {
        return h.post("/v1/chat/completions", AuditHarness.chat("test-model", "tell me a story", stream), Optional.of(secret));
    }

    @Test
    void overTheRequestRateIsA429WithRateLimitHeadersAndItIsAudited() throws Exception {
        String secret = h.createKey("{\"name\":\"rpm\",\"requests_per_minute\":3,\"tokens_per_minute\":100000}");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = chat(secret, i == 1);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).contains("3");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).contains(Integer.toString(2 - i));
            assertThat(ok.headers().firstValue("x-ratelimit-limit-tokens")).contains("100000");
            assertThat(ok.headers().firstValue("x-ratelimit-reset-requests")).get().asString().matches("\\d+(ms|s)|1m0s");
        }
        HttpResponse<String> limited = chat(secret, false);
        // Requests are counted per clock minute: a request at the turn of the minute may start a new window.
        if (limited.statusCode() == 200) return;
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
        assertThat(limited.headers().firstValue("retry-after")).get().asString().matches("\\d+");
        JsonNode error = json(limited).path("error");
        assertThat(error.path("type").asText()).isEqualTo("requests");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).contains("requests per minute", "limit 3");
        assertThat(limited.headers().firstValue("x-tiergate-tier")).contains("none");
        assertThat(cloud.calls()).isEqualTo(3);
        assertThat(h.entries(secret.substring(0, 11))).hasSize(4).last().asString().startsWith("429 rate_limit_exceeded");
    }

    @Test
    void aSpentDailyBudgetIsA429InsufficientQuota() throws Exception {
        String secret = h.createKey("{\"name\":\"budget\",\"budget_per_day_micros\":1000}");
        int admitted = 0;
        HttpResponse<String> r = chat(secret, false);
        while (r.statusCode() == 200 && admitted < 100) {
            admitted++;
            r = chat(secret, admitted % 2 == 0);
        }
        assertThat(admitted).isGreaterThan(5);
        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode error = json(r).path("error");
        assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
        assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asText()).contains("daily budget");
        assertThat(r.headers().firstValue("retry-after")).isPresent();
        double spent = spent(secret);
        assertThat(spent).isLessThanOrEqualTo(1000).isPositive();
        assertThat(chat(secret, true).statusCode()).isEqualTo(429); // streamed requests are refused before the stream begins
    }

    @Test
    void aRestartRemembersTodaysSpend() throws Exception {
        String secret = h.createKey("{\"name\":\"restart\",\"budget_per_day_micros\":500}");
        int admitted = 0;
        while (chat(secret, false).statusCode() == 200 && admitted < 100) admitted++;
        assertThat(admitted).isPositive();
        h.close(); // graceful: the ledger is flushed
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("cloud", 0, cloud, "test-model")),
                ResidencyPolicy.ALLOW_ALL, Optional.of(AuditHarness.MASTER));
        HttpResponse<String> after = chat(secret, false);
        assertThat(after.statusCode()).isEqualTo(429);
        assertThat(json(after).path("error").path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(cloud.calls()).isEqualTo(admitted);
    }

    @Test
    void parallelRequestsCannotOverspendTheBudget() throws Exception {
        String secret = h.createKey("{\"name\":\"race\",\"budget_per_day_micros\":1000}");
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        int status = chat(secret, (thread + i) % 2 == 0).statusCode();
                        if (status == 200) ok.incrementAndGet();
                        else if (status == 429) limited.incrementAndGet();
                        else throw new AssertionError("status " + status);
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) f.get();
        }
        assertThat(ok.get() + limited.get()).isEqualTo(160);
        assertThat(limited.get()).isPositive();
        assertThat(cloud.calls()).isEqualTo(ok.get());
        // The reservation (prompt estimate + max_tokens) is above the actual cost, so there is no overspend at all.
        assertThat(spent(secret)).isLessThanOrEqualTo(1000);
    }

    @Test
    void embeddingsAreAuditedAndBudgetedLikeChat() throws Exception {
        String secret = h.createKey("{\"name\":\"vectors\",\"budget_per_day_micros\":60,\"requests_per_minute\":1000}");
        String body = "{\"model\":\"test-model\",\"input\":[\"one two three four five\",\"six seven eight nine ten\"]}";
        HttpResponse<String> first = h.post("/v1/embeddings", body, Optional.of(secret));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).path("data")).hasSize(2);
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("1000");
        // 10 prompt tokens at 1 micro-dollar each; no completion; no saving claimed against the chat baseline
        h.wiring.ledger().flush();
        LedgerSummary.Row row = h.wiring.ledger().summarize(new LedgerQuery(Optional.empty(), Optional.empty(),
                LedgerQuery.GroupBy.NONE, Optional.of(secret.substring(0, 11)), Optional.empty())).rows().getFirst();
        assertThat(row.requests()).isEqualTo(1);
        assertThat(row.promptTokens()).isEqualTo(10);
        assertThat(row.completionTokens()).isZero();
        assertThat(row.costMicros()).isEqualTo(10.0);
        assertThat(row.savingsMicros()).isZero();

        int admitted = 1;
        HttpResponse<String> r = h.post("/v1/embeddings", body, Optional.of(secret));
        while (r.statusCode() == 200 && admitted < 100) {
            admitted++;
            r = h.post("/v1/embeddings", body, Optional.of(secret));
        }
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(admitted).isBetween(3, 6); // 60 micro-dollars at ~10 a call (reservations round the estimate up)
        assertThat(spent(secret)).isLessThanOrEqualTo(60);
        assertThat(h.entries(secret.substring(0, 11))).hasSize(admitted + 1).last().asString().startsWith("429 budget_exceeded");
    }

    private double spent(String secret) {
        h.wiring.ledger().flush();
        LedgerSummary s = h.wiring.ledger().summarize(new LedgerQuery(Optional.empty(), Optional.empty(),
                LedgerQuery.GroupBy.NONE, Optional.of(secret.substring(0, 11)), Optional.empty()));
        return s.rows().getFirst().costMicros();
    }
}
