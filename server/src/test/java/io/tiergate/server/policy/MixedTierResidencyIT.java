package io.tiergate.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.Backend;
import io.tiergate.api.Caller;
import io.tiergate.api.Locality;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.Backends;
import io.tiergate.backends.pool.PoolConfig;
import io.tiergate.backends.pool.ReplicaPool;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.TierPlanner;
import io.tiergate.policy.ConfiguredResidencyPolicy;
import io.tiergate.policy.PolicyAttachments;
import io.tiergate.policy.PolicyConfig;
import io.tiergate.policy.PolicyDefinition;
import io.tiergate.policy.PolicyMode;
import io.tiergate.policy.SensitiveAction;
import io.tiergate.server.Authentication;
import io.tiergate.server.GatewayMetrics;
import io.tiergate.server.ServerConfig;
import io.tiergate.server.TiergateServer;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.UpstreamBehavior;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One tier whose replica pool mixes localities and regions: a US cloud replica, an EU cloud replica
 * and a LAN replica (each a fake upstream counting connections). The policy filters replicas, so a
 * sovereign request never fails over to a cloud replica of its own tier, and region lists keep
 * requests on the allowed region's replica. Health checks are off: probes would connect to every replica.
 */
class MixedTierResidencyIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOpenAiUpstream us = FakeOpenAiUpstream.start();
    private final FakeOpenAiUpstream eu = FakeOpenAiUpstream.start();
    private final FakeOpenAiUpstream lan = FakeOpenAiUpstream.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ReplicaPool pool;
    private TiergateServer server;

    @BeforeEach
    void start() {
        BackendTimeouts quick = new BackendTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));
        pool = new ReplicaPool("mixed", List.of(
                replica("openai-us", us, Locality.CLOUD, "us-east-1", quick),
                replica("openai-eu", eu, Locality.CLOUD, "eu-west-1", quick),
                replica("basement", lan, Locality.LAN, "office", quick)),
                PoolConfig.defaults().withBackoff(Duration.ZERO, Duration.ZERO).withHealthChecks(Duration.ZERO, 3, Duration.ofSeconds(30)));
        List<Tier> tiers = List.of(new Tier("mixed", 0, pool, List.of("llama"), pool.replicaInfos()));
        ConfiguredResidencyPolicy policy = new ConfiguredResidencyPolicy(new PolicyConfig("open", Map.of(
                "open", PolicyDefinition.of(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL),
                "sovereign", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL),
                "clean", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.ROUTE_LOCAL),
                "eu", new PolicyDefinition(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL, List.of(), List.of(),
                        List.of("eu-west-1"), List.of(), List.of())), PolicyAttachments.none()));
        Authentication byToken = token -> new Authentication.Authenticated(new Caller("key-" + token.orElse("none"),
                Optional.empty(), Optional.empty(), Optional.empty(), token), Set.of(), "auto");
        Gateway gateway = new Gateway(new ModelResolver(tiers, Map.of()), policy,
                new TierPlanner(tiers, policy, Optional.empty(), Optional.empty(), "mixed"), Admission.NONE, List.of());
        server = new TiergateServer(new ServerConfig("127.0.0.1", 0, 1 << 20, Optional.empty()), gateway, byToken,
                new GatewayMetrics(), () -> true, List.of()).start();
    }

    @AfterEach
    void stop() {
        server.close();
        pool.close();
        us.close();
        eu.close();
        lan.close();
        http.close();
    }

    private static Backend replica(String id, FakeOpenAiUpstream upstream, Locality locality, String region, BackendTimeouts t) {
        return Backends.create(new BackendConfig(id, "openai", upstream.baseUri(), Optional.empty(), Map.of(), locality, "openai",
                Optional.of(region), null, t, Map.of()));
    }

    private HttpResponse<String> chat(String policyToken, String text) throws Exception {
        String body = JSON.writeValueAsString(Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content", text))));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + policyToken)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> embed(String policyToken, String text) throws Exception {
        return embed(policyToken, text, "someone");
    }

    private HttpResponse<String> embed(String policyToken, String text, String user) throws Exception {
        String body = JSON.writeValueAsString(Map.of("model", "llama", "input", List.of(text), "user", user));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/embeddings"))
                .header("content-type", "application/json").header("authorization", "Bearer " + policyToken)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Embeddings go through the same replica filter: the pool used to round-robin them over every replica. */
    @Test
    void sovereignEmbeddingsNeverReachACloudReplicaOfTheirTier() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = embed("sovereign", "payroll line " + i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-tiergate-backend")).contains("basement");
        }
        assertThat(us.connectionCount() + eu.connectionCount()).as("connections to cloud replicas").isZero();
        for (int i = 0; i < 4; i++) assertThat(embed("open", "weather " + i).statusCode()).isEqualTo(200);
        assertThat(us.connectionCount() + eu.connectionCount()).as("an open policy may use them").isPositive();
    }

    /** An embedding's other fields go upstream verbatim: an e-mail in its user field keeps it off the cloud replicas. */
    @Test
    void anEmbeddingsSensitiveUserFieldKeepsItLocalUnderCloudIfClean() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = embed("clean", "weather report " + i, "jane.roe@shop.io");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-tiergate-backend")).contains("basement");
        }
        assertThat(us.connectionCount() + eu.connectionCount()).as("connections to cloud replicas").isZero();
    }

    @Test
    void controlCloudReplicasServeWhenTheLanReplicaFailsAndCloudIsAllowed() throws Exception {
        lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
        for (int i = 0; i < 4; i++) assertThat(chat("open", "question " + i).statusCode()).isEqualTo(200);
        assertThat(us.modelCalls().size() + eu.modelCalls().size()).isEqualTo(4);
    }

    @Test
    void sovereignRequestsNeverFailOverToACloudReplicaOfTheirTier() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = chat("sovereign", "payroll question " + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-tiergate-backend")).contains("basement");
        }
        lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
        assertThat(chat("sovereign", "payroll question").statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(us.connectionCount() + eu.connectionCount()).as("connections to cloud replicas").isZero();
    }

    @Test
    void regionListKeepsRequestsOnTheAllowedRegionsReplicas() throws Exception {
        lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = chat("eu", "question " + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-tiergate-backend")).contains("openai-eu");
        }
        assertThat(eu.modelCalls()).hasSize(6);
        assertThat(us.connectionCount()).as("connections to the US replica").isZero();
    }
}
