package io.tiergate.server.audit;

import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.ledger.keys.CreatedKey;
import io.tiergate.ledger.keys.KeySpec;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.tiergate.server.audit.AuditHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may scrape {@code /metrics} on a gateway without {@code server.master-key}: anyone while no key exists
 * (the laptop default); once virtual keys exist, only a caller with a valid, non-revoked one, like the model
 * routes (model names, tiers and spend are in the scrape).
 */
class MetricsAccessIT {
    @TempDir
    Path dir;

    private AuditHarness harness() {
        DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
        return new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("cloud", 0, cloud, "test-model")),
                ResidencyPolicy.ALLOW_ALL, Optional.empty());
    }

    @Test
    void withoutKeysOrMasterKeyMetricsStayOpen() throws Exception {
        try (AuditHarness h = harness()) {
            HttpResponse<String> r = h.get("/metrics", Optional.empty());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("tiergate_ledger_entries");
        }
    }

    @Test
    void withVirtualKeysButNoMasterKeyMetricsNeedAValidKey() throws Exception {
        try (AuditHarness h = harness()) {
            CreatedKey scraper = h.wiring.keys().create(KeySpec.named("scraper"));
            CreatedKey other = h.wiring.keys().create(KeySpec.named("other"));
            h.wiring.authentication().keyCreated();
            assertThat(h.post("/v1/chat/completions", AuditHarness.chat("test-model", "hello", false),
                    Optional.of(scraper.secret())).statusCode()).isEqualTo(200);

            HttpResponse<String> missing = h.get("/metrics", Optional.empty());
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("www-authenticate")).contains("Bearer");
            assertThat(json(missing).path("error").path("type").asText()).isEqualTo("authentication_error");
            assertThat(json(missing).path("error").path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(missing.body()).doesNotContain("test-model").doesNotContain("tiergate_");

            HttpResponse<String> wrong = h.get("/metrics", Optional.of("tg-not-a-key"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).path("error").path("message").asText()).contains("Invalid or revoked API key");

            HttpResponse<String> ok = h.get("/metrics", Optional.of(scraper.secret()));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("tiergate_requests_total").contains("test-model");

            assertThat(h.wiring.keys().revoke(other.key().id())).isTrue();
            assertThat(h.get("/metrics", Optional.of(other.secret())).statusCode()).as("a revoked key").isEqualTo(401);
            assertThat(h.get("/metrics", Optional.of(scraper.secret())).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void revokingTheLastKeyDoesNotReopenMetrics() throws Exception {
        try (AuditHarness h = harness()) {
            CreatedKey only = h.wiring.keys().create(KeySpec.named("only"));
            h.wiring.authentication().keyCreated();
            h.wiring.keys().revoke(only.key().id());
            assertThat(h.get("/metrics", Optional.empty()).statusCode()).isEqualTo(401);
            assertThat(h.get("/metrics", Optional.of(only.secret())).statusCode()).isEqualTo(401);
        }
    }
}
