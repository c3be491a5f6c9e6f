package io.tiergate.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.LedgerQuery;
import io.tiergate.api.LedgerSummary;
import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.testkit.dummy.DummyBackend;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * 200 concurrent HTTP requests with a virtual key (16 threads; streamed and not; a fake OpenAI
 * upstream and an in-process dummy) give exactly 200 ledger entries whose tokens equal the usage the
 * clients saw and whose cost and counterfactual match the configured prices — on SQLite and PostgreSQL.
 * The Prometheus counters agree with the ledger.
 */
class ConcurrentLedgerIT {
    static final int REQUESTS = 200;

    @TempDir
    Path dir;

    @Test
    void sqlite() throws Exception {
        run(AuditHarness.sqliteUrl(dir));
    }

    @Test
    void postgres() throws Exception {
        try (PostgresSchema pg = new PostgresSchema()) {
            run(pg.url());
        }
    }

    private void run(String url) throws Exception {
        DummyBackend local = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate");
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             OpenAiCompatibleBackend cloud = new OpenAiCompatibleBackend(BackendConfig.openAi("fake", upstream.baseUri()));
             AuditHarness h = new AuditHarness(url, List.of(AuditHarness.tier("local", 0, local, "small"),
                     AuditHarness.tier("cloud", 1, cloud, "test-model")), ResidencyPolicy.ALLOW_ALL,
                     Optional.of(AuditHarness.MASTER))) {
            String secret = h.createKey("{\"name\":\"load\",\"team\":\"perf\"}");
            String keyId = secret.substring(0, 11);
            // per model: prompt, completion tokens as the clients saw them
            Map<String, AtomicLongArray> seen = new ConcurrentHashMap<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String model = i % 4 < 2 ? "test-model" : "small";
                    boolean stream = i % 2 == 1;
                    String text = "request number " + i + " of the load";
                    calls.add(pool.submit(() -> {
                        HttpResponse<String> r = h.post("/v1/chat/completions", AuditHarness.chat(model, text, stream), Optional.of(secret));
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        JsonNode usage = AuditHarness.usage(r);
                        AtomicLongArray sums = seen.computeIfAbsent(model, m -> new AtomicLongArray(2));
                        sums.addAndGet(0, usage.path("prompt_tokens").asLong());
                        sums.addAndGet(1, usage.path("completion_tokens").asLong());
                        return null;
                    }));
                }
                for (Future<?> f : calls) f.get();
            }
            h.wiring.ledger().flush();

            LedgerSummary byModel = h.wiring.ledger().summarize(new LedgerQuery(Optional.empty(), Optional.empty(),
                    LedgerQuery.GroupBy.MODEL, Optional.of(keyId), Optional.of("perf")));
            Map<String, LedgerSummary.Row> rows = byModel.rows().stream()
                    .collect(Collectors.toMap(LedgerSummary.Row::group, r -> r));
            assertThat(rows.values().stream().mapToLong(LedgerSummary.Row::requests).sum()).isEqualTo(REQUESTS);
            assertThat(rows.keySet()).containsExactlyInAnyOrder("test-model", "small");
            for (String model : List.of("test-model", "small")) {
                LedgerSummary.Row row = rows.get(model);
                long prompt = seen.get(model).get(0);
                long completion = seen.get(model).get(1);
                assertThat(row.requests()).isEqualTo(REQUESTS / 2);
                assertThat(row.errors()).isZero();
                assertThat(prompt).isPositive();
                assertThat(row.promptTokens()).as(model + " prompt").isEqualTo(prompt);
                assertThat(row.completionTokens()).as(model + " completion").isEqualTo(completion);
                double cost = model.equals("test-model") ? prompt + 2.0 * completion : 0; // in-process: free
                assertThat(row.costMicros()).isCloseTo(cost, within(1e-6));
                assertThat(row.counterfactualCostMicros()).isCloseTo(2.5 * prompt + 10.0 * completion, within(1e-6));
            }
            assertThat(h.wiring.ledger().writerStats().dropped()).isZero();

            assertThat(h.get("/metrics", Optional.empty()).statusCode()).as("a master key is configured").isEqualTo(401);
            assertThat(h.get("/metrics", Optional.of(secret)).statusCode()).as("a virtual key is not enough").isEqualTo(401);
            String metrics = h.get("/metrics", Optional.of(AuditHarness.MASTER)).body();
            long promptAll = seen.values().stream().mapToLong(a -> a.get(0)).sum();
            assertThat(sum(metrics, "tiergate_tokens_total{", "kind=\"prompt\"")).isEqualTo(promptAll);
            assertThat(sum(metrics, "tiergate_cost_usd_total{", "model=\"test-model\"")).isCloseTo(
                    rows.get("test-model").costMicros() / 1e6, within(1e-9));
            assertThat(sum(metrics, "tiergate_ledger_entries{", "state=\"written\"")).isEqualTo(REQUESTS);
            assertThat(sum(metrics, "tiergate_ledger_entries{", "state=\"spooled\"")).isEqualTo(REQUESTS);
            assertThat(sum(metrics, "tiergate_ledger_unindexed_entries", "")).isZero();
            assertThat(sum(metrics, "tiergate_ledger_spool_bytes", "")).isZero();
            assertThat(sum(metrics, "tiergate_ledger_spool_max_bytes", "")).isEqualTo(1 << 30); // the default, 1 GiB
            assertThat(sum(metrics, "tiergate_ledger_spool_syncs", "")).as("one sync per spooled batch, not per entry")
                    .isPositive().isLessThan(REQUESTS);
        }
    }

    /** Sums the samples of one metric whose labels contain {@code label}. */
    static double sum(String exposition, String prefix, String label) {
        return exposition.lines().filter(l -> l.startsWith(prefix) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
