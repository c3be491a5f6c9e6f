package io.tiergate.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.Caller;
import io.tiergate.api.Locality;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.Backends;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ChatExchange;
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
import io.tiergate.testkit.dummy.DummyBackend;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.UpstreamBehavior;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proof of sovereign execution through a running gateway: a fake cloud upstream counts every
 * connection and model call, and sovereign or sensitive requests must never reach it — also when
 * the local tier fails, is overloaded or is slow. Each test first shows (or relies on a sibling test
 * showing) that the same setup does reach the cloud when the policy allows it, so a zero is meaningful.
 * Callers pick their policy by bearer token: "sovereign", "clean" (cloud-if-clean, route-local),
 * "deny" (cloud-if-clean, deny), "mask" (cloud-if-clean, mask), "open" (cloud-allowed).
 */
class SovereignExecutionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "jane.roe@shop.io";
    private static final String CARD = "4111 1111 1111 1111";

    private FakeOpenAiUpstream cloud;
    private FakeOpenAiUpstream lan;
    private TiergateServer server;
    private final List<ChatExchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        cloud = FakeOpenAiUpstream.start();
        lan = FakeOpenAiUpstream.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        cloud.close();
        lan.close();
        http.close();
    }

    /** Tiers: "local" (the LAN fake, or {@code inProcess} when given) then "cloud"; default tier "local". */
    private void serve(Optional<Backend> inProcess) {
        BackendTimeouts quick = new BackendTimeouts(Duration.ofSeconds(2), Duration.ofMillis(600), Duration.ofSeconds(2), Duration.ofSeconds(5));
        Backend cloudBackend = Backends.create(new BackendConfig("openai", "openai", cloud.baseUri(), Optional.of("sk-test"),
                Map.of(), Locality.CLOUD, "openai", Optional.of("eu-west-1"), null, quick, Map.of()));
        Backend localBackend = inProcess.orElseGet(() -> Backends.create(new BackendConfig("basement", "openai", lan.baseUri(),
                Optional.empty(), Map.of(), Locality.LAN, "ollama", Optional.empty(), null, quick, Map.of())));
        List<Tier> tiers = List.of(
                new Tier("local", 0, localBackend, List.of("small"), List.of(localBackend.info())),
                new Tier("cloud", 1, cloudBackend, List.of("big"), List.of(cloudBackend.info())));
        ConfiguredResidencyPolicy policy = new ConfiguredResidencyPolicy(new PolicyConfig("clean", Map.of(
                "sovereign", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL),
                "clean", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.ROUTE_LOCAL),
                "deny", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.DENY),
                "mask", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.MASK),
                "open", PolicyDefinition.of(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL)), PolicyAttachments.none()));
        Authentication byToken = token -> new Authentication.Authenticated(new Caller("key-" + token.orElse("none"),
                Optional.empty(), Optional.empty(), Optional.empty(), token), Set.of(), "auto");
        Gateway gateway = new Gateway(new ModelResolver(tiers, Map.of()), policy,
                new TierPlanner(tiers, policy, Optional.empty(), Optional.empty(), "local"), Admission.NONE, List.of(exchanges::add));
        server = new TiergateServer(new ServerConfig("127.0.0.1", 0, 1 << 20, Optional.empty()), gateway, byToken,
                new GatewayMetrics(), () -> true, List.of()).start();
    }

    private HttpResponse<String> chat(String policyToken, String model, String text, boolean stream) throws Exception {
        String body = JSON.writeValueAsString(Map.of("model", model, "stream", stream,
                "messages", List.of(Map.of("role", "user", "content", text))));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + policyToken)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Masked requests then reach the cloud tier, whose fake echoes the placeholders back. */
    private void serveWithTheLanTierDown() {
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
    }

    /** The JSON data events of a server-sent event stream. */
    private static List<JsonNode> events(String sse) throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) events.add(JSON.readTree(line.substring(6)));
        }
        return events;
    }

    private void assertCloudUntouched() {
        assertThat(cloud.modelCalls()).as("chat calls that reached the cloud").isEmpty();
        assertThat(cloud.connectionCount()).as("connections to the cloud").isZero();
    }

    @Test
    void controlFailingLocalTierFallsBackToCloudWhenPolicyAllows() throws Exception {
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
        HttpResponse<String> r = chat("open", "auto", "What is the capital of France?", false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-tiergate-tier")).contains("cloud");
        assertThat(cloud.modelCalls()).hasSize(1);
        assertThat(cloud.connectionCount()).isPositive();
    }

    @Test
    void sovereignRequestStaysLocalWhenLocalTierFails() throws Exception {
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
        HttpResponse<String> r = chat("sovereign", "auto", "What is the capital of France?", false);
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).isNotBlank();
        assertThat(lan.modelCalls()).isNotEmpty();
        assertCloudUntouched();
    }

    @Test
    void sovereignRequestStaysLocalWhenLocalTierIsOverloaded() throws Exception {
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.rateLimited("1"));
        HttpResponse<String> r = chat("sovereign", "auto", "Summarise our payroll run", false);
        assertThat(r.statusCode()).isIn(429, 503);
        assertCloudUntouched();
    }

    @Test
    void sovereignRequestStaysLocalWhenLocalTierIsSlow() throws Exception {
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.delayed(Duration.ofSeconds(3)));
        HttpResponse<String> r = chat("sovereign", "auto", "Summarise our payroll run", false);
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        assertCloudUntouched();
    }

    @Test
    void sovereignStreamStaysLocalWhenInProcessTierIsOverloaded() throws Exception {
        DummyBackend engine = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate").failing(BackendFailure.Kind.OVERLOADED);
        serve(Optional.of(engine));
        HttpResponse<String> r = chat("sovereign", "auto", "Draft the board memo", true);
        assertThat(r.statusCode()).isIn(429, 503);
        assertThat(engine.calls()).isPositive();
        assertCloudUntouched();
    }

    @Test
    void sovereignRequestForACloudModelIsDeniedWithoutContactingIt() throws Exception {
        serve(Optional.empty());
        HttpResponse<String> r = chat("sovereign", "big", "hello", false);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("policy_denied");
        assertCloudUntouched();
    }

    @Test
    void sensitiveRequestStaysLocalUnderCloudIfCleanEvenWhenLocalFails() throws Exception {
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.failing(503, "{\"error\":{\"message\":\"busy\"}}"));
        HttpResponse<String> r = chat("clean", "auto", "Refund card " + CARD + " for " + EMAIL, false);
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        assertCloudUntouched();
        // Control: the same failing local tier with a clean request falls back to the cloud.
        HttpResponse<String> clean = chat("clean", "auto", "What is the capital of France?", false);
        assertThat(clean.statusCode()).isEqualTo(200);
        assertThat(cloud.modelCalls()).hasSize(1);
    }

    @Test
    void aRequestWithAnImageStaysLocalUnderCloudIfCleanEvenWhenLocalFails() throws Exception {
        // the scanner reads text only, so an image part makes the request not known to be clean
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.failing(503, "{\"error\":{\"message\":\"busy\"}}"));
        String body = JSON.writeValueAsString(Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "What does this invoice say?"),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo=")))))));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer clean")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(lan.modelCalls()).hasSize(1);
        assertCloudUntouched();
        assertThat(exchanges.getLast().detectedTypes()).containsExactly("image");
    }

    @Test
    void sensitiveRequestForACloudModelIsDeniedNamingTypesNotValues() throws Exception {
        serve(Optional.empty());
        HttpResponse<String> r = chat("clean", "big", "Refund card " + CARD, false);
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("policy_denied");
        assertThat(error.path("message").asText()).contains("payment_card").doesNotContain("4111");
        assertCloudUntouched();
    }

    @Test
    void denyPolicyRefusesSensitiveRequestsBeforeAnyTier() throws Exception {
        serve(Optional.empty());
        HttpResponse<String> r = chat("deny", "auto", "Mail " + EMAIL + " the card " + CARD, false);
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("policy_denied");
        assertThat(error.path("message").asText()).contains("email", "payment_card").doesNotContain(EMAIL).doesNotContain("4111");
        assertThat(lan.modelCalls()).isEmpty();
        assertCloudUntouched();
        ChatExchange recorded = exchanges.getLast();
        assertThat(recorded.policy()).isEqualTo("deny");
        assertThat(recorded.policyVerdict()).isEqualTo("denied");
        assertThat(recorded.detectedTypes()).containsExactly("email", "payment_card");
    }

    @Test
    void logsNeverContainThePromptText() throws Exception {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder b = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) for (Object p : r.getParameters()) b.append(' ').append(p);
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) b.append(' ').append(t);
                logged.add(b.toString());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.INFO);
        try {
            serve(Optional.empty());
            lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
            chat("mask", "auto", "Write to " + EMAIL + " about card " + CARD, false);
            chat("sovereign", "auto", "Write to " + EMAIL + " about card " + CARD, true);
            chat("deny", "auto", "Write to " + EMAIL, false);
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertThat(logged).as("INFO logs of failing and denied requests").isNotEmpty();
        assertThat(String.join("\n", logged)).doesNotContain(EMAIL).doesNotContain("4111").doesNotContain("Write to");
    }

    @Test
    void maskPolicySendsOnlyPlaceholdersToTheCloud() throws Exception {
        serve(Optional.empty());
        lan.setDefault(UpstreamBehavior.failing(500, "{\"error\":{\"message\":\"boom\"}}"));
        HttpResponse<String> r = chat("mask", "auto", "Write to " + EMAIL + " about card " + CARD, false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(cloud.modelCalls()).hasSize(1);
        String sent = cloud.lastModelCall().bodyText();
        assertThat(sent).contains("[EMAIL_1]", "[PAYMENT_CARD_1]").doesNotContain(EMAIL).doesNotContain("4111");
        assertThat(exchanges.getLast().policyVerdict()).isEqualTo("masked");
        // the caller sent the values: its answer has them back in place of the placeholders
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText())
                .isEqualTo("You said: Write to " + EMAIL + " about card " + CARD);
    }

    @Test
    void maskedValuesAreRestoredInAStreamedAnswer() throws Exception {
        serveWithTheLanTierDown();
        HttpResponse<String> r = chat("mask", "auto", "Write to " + EMAIL + " about card " + CARD, true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(cloud.lastModelCall().bodyText()).doesNotContain(EMAIL).doesNotContain("4111");
        StringBuilder text = new StringBuilder();
        for (JsonNode event : events(r.body())) text.append(event.at("/choices/0/delta/content").asText(""));
        assertThat(text).hasToString("You said: Write to " + EMAIL + " about card " + CARD);
        assertThat(r.body()).doesNotContain("[EMAIL_1]").doesNotContain("[PAYMENT_CARD_1]");
    }

    @Test
    void maskedValuesAreRestoredInToolCallArgumentsStreamedOrNot() throws Exception {
        serveWithTheLanTierDown();
        String text = EMAIL + " via send_mail";
        for (boolean stream : List.of(false, true)) {
            String body = JSON.writeValueAsString(Map.of("model", "auto", "stream", stream,
                    "messages", List.of(Map.of("role", "user", "content", text)),
                    "tools", List.of(Map.of("type", "function", "function", Map.of("name", "send_mail", "parameters", Map.of())))));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                    .header("content-type", "application/json").header("authorization", "Bearer mask")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(cloud.lastModelCall().bodyText()).contains("[EMAIL_1]").doesNotContain(EMAIL);
            String arguments;
            if (!stream) {
                arguments = JSON.readTree(r.body()).at("/choices/0/message/tool_calls/0/function/arguments").asText();
            } else {
                // the fake cloud streams the arguments in two halves, which cuts "[EMAIL_1]" in two
                StringBuilder args = new StringBuilder();
                for (JsonNode event : events(r.body())) {
                    for (JsonNode call : event.at("/choices/0/delta/tool_calls")) args.append(call.at("/function/arguments").asText(""));
                }
                arguments = args.toString();
            }
            assertThat(JSON.readTree(arguments).path("text").asText()).as("stream=%s", stream).isEqualTo(text);
        }
    }
}
