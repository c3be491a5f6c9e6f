package io.tiergate.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.ledger.keys.KeySpec;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.tiergate.server.audit.AuditHarness.MASTER;
import static io.tiergate.server.audit.AuditHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The key admin API over HTTP and what keys do to the chat endpoint: 401s, revocation at once, open mode. */
class AdminApiIT {
    static final String CHAT = AuditHarness.chat("small", "hello", false);

    @TempDir
    Path dir;
    final DummyBackend local = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate");
    final DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
    AuditHarness h;

    AuditHarness start(Optional<String> master) {
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("local", 0, local, "small"),
                AuditHarness.tier("cloud", 1, cloud, "big")), ResidencyPolicy.ALLOW_ALL, master);
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) h.close();
    }

    static void assertOpenAiError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = json(r).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(error.path("code").asText()).isEqualTo(code);
    }

    @Test
    void createListGetRevokeRoundTripWithTheSecretOnlyOnCreate() throws Exception {
        start(Optional.of(MASTER));
        HttpResponse<String> created = h.post("/admin/keys", """
                {"name":"support bot","team":"support","allowed_models":["small"],"budget_per_day_micros":5000000,
                 "requests_per_minute":60}""", Optional.of(MASTER));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = json(created);
        String id = key.path("id").asText();
        String secret = key.path("secret").asText();
        assertThat(secret).startsWith(id).hasSize(35);
        assertThat(key.path("team").asText()).isEqualTo("support");
        assertThat(key.path("budget_per_day_micros").asLong()).isEqualTo(5_000_000);
        assertThat(key.path("tokens_per_minute").isNull()).isTrue();

        JsonNode one = json(h.get("/admin/keys/" + id, Optional.of(MASTER)));
        assertThat(one.path("name").asText()).isEqualTo("support bot");
        assertThat(one.has("secret")).isFalse();
        JsonNode list = json(h.get("/admin/keys", Optional.of(MASTER)));
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data")).hasSize(1);
        assertThat(list.path("data").get(0).path("id").asText()).isEqualTo(id);
        assertThat(list.path("data").get(0).has("secret")).isFalse();
        assertThat(list.toString()).doesNotContain(secret);

        HttpResponse<String> revoked = h.send("DELETE", "/admin/keys/" + id, Optional.empty(), Optional.of(MASTER));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked).path("revoked_at").asText()).isNotBlank();
        assertThat(json(h.get("/admin/keys", Optional.of(MASTER))).path("data")).isEmpty();
        assertThat(json(h.get("/admin/keys?all=true", Optional.of(MASTER))).path("data")).hasSize(1);
        assertThat(h.send("DELETE", "/admin/keys/" + id, Optional.empty(), Optional.of(MASTER)).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"GET,/admin/keys", "POST,/admin/keys", "GET,/admin/keys/tg-AAAAAAAA", "DELETE,/admin/keys/tg-AAAAAAAA"})
    void theAdminApiNeedsTheMasterKey(String method, String path) throws Exception {
        start(Optional.of(MASTER));
        Optional<String> body = method.equals("POST") ? Optional.of("{\"name\":\"x\"}") : Optional.empty();
        for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("wrong"), Optional.of(MASTER + "x"))) {
            HttpResponse<String> r = h.send(method, path, body, token);
            assertOpenAiError(r, 401, "invalid_api_key");
            assertThat(r.headers().firstValue("www-authenticate")).contains("Bearer");
        }
        assertThat(h.wiring.keys().list(true)).isEmpty();
    }

    @Test
    void aVirtualKeyIsNotTheMasterKey() throws Exception {
        start(Optional.of(MASTER));
        String secret = h.createKey("{\"name\":\"app\"}");
        assertOpenAiError(h.get("/admin/keys", Optional.of(secret)), 401, "invalid_api_key");
    }

    @Test
    void badRequestsAreOpenAiShapedErrorsNamingTheField() throws Exception {
        start(Optional.of(MASTER));
        HttpResponse<String> unknown = h.post("/admin/keys", "{\"name\":\"x\",\"colour\":\"red\"}", Optional.of(MASTER));
        assertOpenAiError(unknown, 400, "invalid_value");
        assertThat(json(unknown).path("error").path("param").asText()).isEqualTo("colour");
        assertThat(json(h.post("/admin/keys", "{\"team\":\"x\"}", Optional.of(MASTER))).path("error").path("param").asText()).isEqualTo("name");
        HttpResponse<String> negative = h.post("/admin/keys", "{\"name\":\"x\",\"requests_per_minute\":-1}", Optional.of(MASTER));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative).path("error").path("message").asText()).contains("requests-per-minute");
        assertThat(h.post("/admin/keys", "{\"name\":", Optional.of(MASTER)).statusCode()).isEqualTo(400);
        assertThat(h.post("/admin/keys", "[1,2]", Optional.of(MASTER)).statusCode()).isEqualTo(400);
        assertThat(h.post("/admin/keys", "", Optional.of(MASTER)).statusCode()).isEqualTo(400);
        assertOpenAiError(h.get("/admin/keys/tg-nothere", Optional.of(MASTER)), 404, "not_found");
        assertOpenAiError(h.send("DELETE", "/admin/keys/tg-nothere", Optional.empty(), Optional.of(MASTER)), 404, "not_found");
        assertThat(h.wiring.keys().list(true)).isEmpty();
    }

    @Test
    void aRevokedKeyIsRejectedAtOnce() throws Exception {
        start(Optional.of(MASTER));
        String secret = h.createKey("{\"name\":\"app\"}");
        assertThat(h.post("/v1/chat/completions", CHAT, Optional.of(secret)).statusCode()).isEqualTo(200); // now cached
        String id = secret.substring(0, 11);
        assertThat(h.send("DELETE", "/admin/keys/" + id, Optional.empty(), Optional.of(MASTER)).statusCode()).isEqualTo(200);
        HttpResponse<String> after = h.post("/v1/chat/completions", CHAT, Optional.of(secret));
        assertOpenAiError(after, 401, "invalid_api_key");
        assertThat(local.calls()).isEqualTo(1);
    }

    @Test
    void keysGateTheChatEndpoint() throws Exception {
        start(Optional.of(MASTER));
        String secret = h.createKey("{\"name\":\"app\",\"team\":\"web\",\"allowed_models\":[\"small\"]}");
        assertOpenAiError(h.post("/v1/chat/completions", CHAT, Optional.empty()), 401, "invalid_api_key");
        assertOpenAiError(h.post("/v1/chat/completions", CHAT, Optional.of("tg-AAAAAAAAbbbbbbbbccccccccdddddddd")), 401, "invalid_api_key");
        assertOpenAiError(h.post("/v1/chat/completions", CHAT, Optional.of("not-a-key")), 401, "invalid_api_key");
        assertThat(h.post("/v1/chat/completions", CHAT, Optional.of(secret)).statusCode()).isEqualTo(200);
        assertOpenAiError(h.post("/v1/chat/completions", AuditHarness.chat("big", "hi", false), Optional.of(secret)), 403, "model_not_allowed");
        assertThat(h.post("/v1/chat/completions", AuditHarness.chat("big", "hi", false), Optional.of(MASTER)).statusCode()).isEqualTo(200);
        assertThat(local.received().size()).isEqualTo(1);
        assertThat(cloud.calls()).isEqualTo(1);
        // the embeddings endpoint is gated the same way (it let a restricted key use any model)
        String embed = "{\"model\":\"%s\",\"input\":\"hello there\"}";
        assertOpenAiError(h.post("/v1/embeddings", embed.formatted("small"), Optional.empty()), 401, "invalid_api_key");
        assertOpenAiError(h.post("/v1/embeddings", embed.formatted("big"), Optional.of(secret)), 403, "model_not_allowed");
        assertThat(h.post("/v1/embeddings", embed.formatted("small"), Optional.of(secret)).statusCode()).isEqualTo(200);
        assertThat(cloud.calls()).isEqualTo(1);
    }

    @Test
    void aKeysAllowedTiersHoldForAutoThePinAndEveryModel() throws Exception {
        start(Optional.of(MASTER));
        String secret = h.createKey("{\"name\":\"lan-only\",\"allowed_models\":[\"auto\",\"small\",\"big\"],\"allowed_tiers\":[\"local\"]}");
        HttpResponse<String> auto = h.post("/v1/chat/completions", AuditHarness.chat("auto", "hi", false), Optional.of(secret));
        assertThat(auto.statusCode()).as(auto.body()).isEqualTo(200);
        assertThat(auto.headers().firstValue("x-tiergate-tier")).contains("local");
        HttpResponse<String> pinned = h.send("POST", "/v1/chat/completions", Optional.of(AuditHarness.chat("auto", "hi", false)),
                Optional.of(secret), "x-tiergate-tier", "cloud");
        assertOpenAiError(pinned, 403, "tier_not_allowed");
        assertOpenAiError(h.post("/v1/chat/completions", AuditHarness.chat("big", "hi", false), Optional.of(secret)), 403, "tier_not_allowed");
        assertOpenAiError(h.post("/v1/embeddings", "{\"model\":\"big\",\"input\":\"x\"}", Optional.of(secret)), 403, "tier_not_allowed");
        assertThat(cloud.calls()).isZero();
    }

    @Test
    void withoutKeysOrAMasterKeyEverythingIsOpenUntilAKeyIsCreated() throws Exception {
        start(Optional.empty());
        assertThat(h.post("/v1/chat/completions", CHAT, Optional.empty()).statusCode()).isEqualTo(200);
        HttpResponse<String> admin = h.get("/admin/keys", Optional.of("anything"));
        assertOpenAiError(admin, 401, "invalid_api_key");
        assertThat(json(admin).path("error").path("message").asText()).contains("server.master-key");
        // A key created by the CLI against the same database closes the gateway within a second.
        String secret = h.wiring.keys().create(KeySpec.named("cli-made")).secret();
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = h.post("/v1/chat/completions", CHAT, Optional.empty()).statusCode();
            if (status == 200) Thread.sleep(100);
        }
        assertThat(status).isEqualTo(401);
        assertThat(h.post("/v1/chat/completions", CHAT, Optional.of(secret)).statusCode()).isEqualTo(200);
        // Revoking the only key does not open the gateway again.
        h.wiring.keys().revoke(secret.substring(0, 11));
        assertThat(h.post("/v1/chat/completions", CHAT, Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(h.post("/v1/chat/completions", CHAT, Optional.of(secret)).statusCode()).isEqualTo(401);
    }
}
