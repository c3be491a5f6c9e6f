package io.tiergate.server.audit;

import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.ledger.WriterStats;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.tiergate.server.audit.AuditHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway whose ledger database refuses writes (a real SQLite file with a trigger aborting every insert) and
 * whose spool fills to its cap (1 MiB, entries of several KiB with store-text) refuses new model requests with an
 * OpenAI-shaped 503 {@code ledger_unavailable} and Retry-After, answers /health but not /ready, and once the
 * database takes entries again writes every spooled one and admits requests again: no admitted request's entry
 * is lost, and no refused request is recorded.
 */
class LedgerUnavailableIT {
    @TempDir
    Path dir;

    private static void refuseInserts(String url, boolean refuse) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(refuse ? "CREATE TRIGGER refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'refused'); END"
                    : "DROP TRIGGER refuse");
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aFullLedgerRefusesNewRequestsUntilTheDatabaseTakesItsEntriesAndLosesNone() throws Exception {
        String url = AuditHarness.sqliteUrl(dir);
        DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
        String prompt = "word ".repeat(1_600); // 8 KB of prompt per entry with store-text
        try (AuditHarness h = new AuditHarness(AuditHarness.config(url).withStoreText(true).withSpoolMaxBytes(1L << 20),
                List.of(AuditHarness.tier("cloud", 0, cloud, "test-model")), ResidencyPolicy.ALLOW_ALL, Optional.empty())) {
            refuseInserts(url, true);
            int admitted = 0;
            HttpResponse<String> refused = null;
            for (int i = 0; i < 1_000 && refused == null; i++) {
                HttpResponse<String> r = h.post("/v1/chat/completions", AuditHarness.chat("test-model", prompt, i % 2 == 1), Optional.empty());
                if (r.statusCode() == 200) {
                    admitted++;
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("refused once the spool is full").isNotNull();
            WriterStats full = h.wiring.ledger().writerStats();
            assertThat(full.unindexedBytes() >= (1L << 20) * 7 / 8 || full.held() > 0)
                    .as("refused because the spool holds seven eighths of its cap: " + full).isTrue();
            assertThat(admitted).as("several KiB an entry: dozens fill 7/8 of 1 MiB").isGreaterThan(20);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).contains("5");
            assertThat(json(refused).path("error").path("type").asText()).isEqualTo("server_error");
            assertThat(json(refused).path("error").path("code").asText()).isEqualTo("ledger_unavailable");
            assertThat(json(refused).path("error").path("message").asText()).contains("audit ledger").contains("retry");
            assertThat(refused.body()).doesNotContain("jdbc:").doesNotContain("Exception");
            assertThat(cloud.calls()).as("no backend call for the refused request").isEqualTo(admitted);

            HttpResponse<String> embedding = h.post("/v1/embeddings", "{\"model\":\"test-model\",\"input\":\"hi\"}", Optional.empty());
            assertThat(embedding.statusCode()).isEqualTo(503);
            assertThat(json(embedding).path("error").path("code").asText()).isEqualTo("ledger_unavailable");
            assertThat(h.get("/health", Optional.empty()).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = h.get("/ready", Optional.empty());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("ledger_unavailable");
            assertThat(h.get("/v1/models", Optional.empty()).statusCode()).as("not a model request").isEqualTo(200);
            String metrics = h.get("/metrics", Optional.empty()).body();
            assertThat(ConcurrentLedgerIT.sum(metrics, "tiergate_errors_total{", "code=\"ledger_unavailable\"")).isGreaterThanOrEqualTo(1);
            assertThat(ConcurrentLedgerIT.sum(metrics, "tiergate_ledger_admitting", "")).isZero();

            refuseInserts(url, false);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = 503;
            while (status == 503 && System.nanoTime() < until) {
                Thread.sleep(100);
                status = h.post("/v1/chat/completions", AuditHarness.chat("test-model", prompt, false), Optional.empty()).statusCode();
            }
            assertThat(status).as("admitted again once the database takes the spooled entries").isEqualTo(200);
            admitted++;
            assertThat(h.get("/ready", Optional.empty()).statusCode()).isEqualTo(200);
            assertThat(ConcurrentLedgerIT.sum(h.get("/metrics", Optional.empty()).body(), "tiergate_ledger_admitting", "")).isEqualTo(1);

            h.wiring.ledger().flush();
            WriterStats stats = h.wiring.ledger().writerStats();
            assertThat(stats.dropped() + stats.failed()).as("no entry lost").isZero();
            assertThat(stats.held()).isZero();
            assertThat(count(url, "SELECT COUNT(*) FROM ledger_entries WHERE status = 200")).isEqualTo(admitted);
            assertThat(count(url, "SELECT COUNT(*) FROM ledger_entries")).as("refused requests are not recorded").isEqualTo(admitted);
        }
    }
}
