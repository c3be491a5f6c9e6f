package io.tiergate.server.audit;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.Locality;
import io.tiergate.policy.ConfiguredResidencyPolicy;
import io.tiergate.policy.PolicyAttachments;
import io.tiergate.policy.PolicyConfig;
import io.tiergate.policy.PolicyDefinition;
import io.tiergate.policy.PolicyMode;
import io.tiergate.policy.SensitiveAction;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tiergate.server.audit.AuditHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests that do not succeed are audited too, with their status, error code and policy verdict. */
class FailedRequestsAuditIT {
    @TempDir
    Path dir;
    final DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
    AuditHarness h;

    @BeforeEach
    void start() {
        ConfiguredResidencyPolicy policy = new ConfiguredResidencyPolicy(new PolicyConfig("open", Map.of(
                "open", PolicyDefinition.of(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL),
                "deny", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.DENY)), PolicyAttachments.none()));
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("cloud", 0, cloud, "test-model")),
                policy, Optional.of(MASTER));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aRequestDeniedByPolicyIsInTheLedger() throws Exception {
        String secret = h.createKey("{\"name\":\"strict\",\"policy\":\"deny\"}");
        var r = h.post("/v1/chat/completions", AuditHarness.chat("test-model", "mail jane.roe@shop.io the card 4111 1111 1111 1111", false), Optional.of(secret));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(cloud.calls()).isZero();
        assertThat(h.entries(secret.substring(0, 11))).containsExactly("403 policy_denied deny:denied none");
    }

    @Test
    void aFailingUpstreamIsInTheLedger() throws Exception {
        String secret = h.createKey("{\"name\":\"app\",\"budget_per_day_micros\":1000000}");
        cloud.failing(BackendFailure.Kind.SERVER_ERROR);
        var failed = h.post("/v1/chat/completions", AuditHarness.chat("test-model", "hello", false), Optional.of(secret));
        assertThat(failed.statusCode()).isEqualTo(502);
        var failedStream = h.post("/v1/chat/completions", AuditHarness.chat("test-model", "hello", true), Optional.of(secret));
        assertThat(failedStream.statusCode()).isEqualTo(502);
        cloud.healthy();
        assertThat(h.post("/v1/chat/completions", AuditHarness.chat("test-model", "hello", false), Optional.of(secret)).statusCode())
                .isEqualTo(200);
        List<String> entries = h.entries(secret.substring(0, 11));
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).startsWith("502 ").endsWith(" cloud");
        assertThat(entries.get(0).split(" ")[1]).isNotEqualTo("null");
        assertThat(entries.get(1)).startsWith("502 ");
        assertThat(entries.get(2)).startsWith("200 null");
    }
}
