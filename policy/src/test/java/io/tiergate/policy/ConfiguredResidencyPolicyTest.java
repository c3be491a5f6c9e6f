package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Locality;
import io.tiergate.api.PolicyDecision;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfiguredResidencyPolicyTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String EMAIL = "jane.roe@shop.io";

    private static ConfiguredResidencyPolicy policy(PolicyDefinition def) {
        return new ConfiguredResidencyPolicy(new PolicyConfig("p", Map.of("p", def), PolicyAttachments.none()));
    }

    private static Caller caller(String key, String team, String workflow, String keyPolicy) {
        return new Caller(key, Optional.ofNullable(team), Optional.ofNullable(workflow), Optional.empty(), Optional.ofNullable(keyPolicy));
    }

    @Test
    void sovereignKeepsEvenCleanRequestsLocal() {
        var d = policy(PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL))
                .decide(ChatRequest.ofUser("m", "What is the capital of France?"), Caller.ANONYMOUS);
        assertThat(d).isInstanceOfSatisfying(PolicyDecision.Allowed.class, a -> {
            assertThat(a.localities()).containsExactlyInAnyOrder(Locality.IN_PROCESS, Locality.LAN);
            assertThat(a.detectedTypes()).isEmpty();
            assertThat(a.masked()).isFalse();
        });
    }

    @Test
    void sovereignWithDenyRefusesSensitiveRequests() {
        var d = policy(PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.DENY))
                .decide(ChatRequest.ofUser("m", "card " + CARD), Caller.ANONYMOUS);
        assertThat(d).isInstanceOf(PolicyDecision.Denied.class);
        assertThat(d.detectedTypes()).containsExactly("payment_card");
    }

    @Test
    void cloudIfCleanAllowsEverythingWhenClean() {
        var d = policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.ROUTE_LOCAL))
                .decide(ChatRequest.ofUser("m", "Summarise the release notes for 2.3.1"), Caller.ANONYMOUS);
        assertThat(((PolicyDecision.Allowed) d).localities()).isEqualTo(Set.of(Locality.values()));
    }

    @Test
    void cloudIfCleanRoutesLocallyWhenSensitive() {
        var d = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.ROUTE_LOCAL))
                .decide(ChatRequest.ofUser("m", "Mail " + EMAIL + " the receipt"), Caller.ANONYMOUS);
        assertThat(d.localities()).doesNotContain(Locality.CLOUD);
        assertThat(d.detectedTypes()).containsExactly("email");
        assertThat(d.request().messages().getFirst().text()).contains(EMAIL);
    }

    @Test
    void denialNamesTypesButNeverValues() {
        var d = policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.DENY))
                .decide(ChatRequest.ofUser("m", "Charge " + CARD + " and mail " + EMAIL), Caller.ANONYMOUS);
        var denied = (PolicyDecision.Denied) d;
        assertThat(denied.detectedTypes()).containsExactly("email", "payment_card");
        assertThat(denied.reason()).contains("email", "payment_card").doesNotContain(EMAIL).doesNotContain("4111");
    }

    @Test
    void cloudAllowedReportsFindingsWithoutRestricting() {
        var d = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_ALLOWED, SensitiveAction.DENY))
                .decide(ChatRequest.ofUser("m", "Mail " + EMAIL), Caller.ANONYMOUS);
        assertThat(d.localities()).contains(Locality.CLOUD);
        assertThat(d.detectedTypes()).containsExactly("email");
    }

    @Test
    void partsTheScannerCannotReadKeepACloudIfCleanRequestInTheBuilding() {
        ChatMessage withImage = new ChatMessage(Role.USER, List.of(new ContentPart.Text("What does this invoice say?"),
                new ContentPart.ImageUrl("data:image/png;base64,iVBORw0KGgo=", "auto")), true, Optional.empty(), List.of(), Optional.empty());
        ChatRequest request = ChatRequest.ofUser("m", "x").withMessages(List.of(withImage));

        for (SensitiveAction action : List.of(SensitiveAction.ROUTE_LOCAL, SensitiveAction.MASK)) {
            var d = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, action)).decide(request, Caller.ANONYMOUS);
            assertThat(d.localities()).as("%s", action).isEqualTo(PolicyDefinition.LOCAL);
            assertThat(d.detectedTypes()).containsExactly("image");
            assertThat(d.masked()).isFalse(); // an image cannot be masked: the local tiers get the request as sent
            assertThat(d.reason()).contains("content that cannot be scanned (image)");
        }
        var denied = (PolicyDecision.Denied) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.DENY))
                .decide(request, Caller.ANONYMOUS);
        assertThat(denied.reason()).isEqualTo("content that cannot be scanned (image)");

        // with sensitive text as well, both are named; other modes are not changed by images
        ChatMessage both = new ChatMessage(Role.USER, List.of(new ContentPart.Text("Mail " + EMAIL),
                new ContentPart.Other("input_audio", "{}")), true, Optional.empty(), List.of(), Optional.empty());
        var mixed = (PolicyDecision.Denied) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.DENY))
                .decide(request.withMessages(List.of(both)), Caller.ANONYMOUS);
        assertThat(mixed.detectedTypes()).containsExactly("email", "input_audio");
        assertThat(mixed.reason()).isEqualTo("found email; content that cannot be scanned (input_audio)");
        var open = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL))
                .decide(request, Caller.ANONYMOUS);
        assertThat(open.localities()).contains(Locality.CLOUD);
        var sovereign = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.DENY))
                .decide(request, Caller.ANONYMOUS);
        assertThat(sovereign.localities()).isEqualTo(PolicyDefinition.LOCAL);
    }

    @Test
    void maskReplacesSpansConsistentlyAcrossMessages() {
        ChatRequest request = ChatRequest.ofUser("m", "x").withMessages(List.of(
                ChatMessage.of(Role.SYSTEM, "Customer " + EMAIL + " is VIP"),
                ChatMessage.of(Role.USER, "Write to " + EMAIL + " and cc boss@shop.io")));
        var d = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.MASK))
                .decide(request, Caller.ANONYMOUS);
        assertThat(d.masked()).isTrue();
        assertThat(d.localities()).contains(Locality.CLOUD);
        assertThat(d.request().messages().get(0).text()).isEqualTo("Customer [EMAIL_1] is VIP");
        assertThat(d.request().messages().get(1).text()).isEqualTo("Write to [EMAIL_1] and cc [EMAIL_2]");
        // what the gateway puts back into the answer; kept out of the decision's log form
        assertThat(d.placeholders()).containsExactlyInAnyOrderEntriesOf(Map.of("[EMAIL_1]", EMAIL, "[EMAIL_2]", "boss@shop.io"));
        assertThat(d.toString()).doesNotContain(EMAIL).doesNotContain("boss@shop.io").contains("placeholders=2");
    }

    @Test
    void scansToolResultsAndToolCallArgumentsAndMaskingKeepsThemValidJson() throws Exception {
        ChatMessage assistant = new ChatMessage(Role.ASSISTANT, List.of(), false, Optional.empty(),
                List.of(new ToolCall("call_1", "lookup", "{\"email\":\"" + EMAIL + "\",\"limit\":5}")), Optional.empty());
        ChatMessage tool = new ChatMessage(Role.TOOL, List.of(new ContentPart.Text("{\"card\": 4111111111111111, \"ok\": true}")),
                false, Optional.empty(), List.of(), Optional.of("call_1"));
        ChatRequest request = ChatRequest.ofUser("m", "look me up").withMessages(List.of(
                ChatMessage.of(Role.USER, "look me up"), assistant, tool));

        var local = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.ROUTE_LOCAL))
                .decide(request, Caller.ANONYMOUS);
        assertThat(local.detectedTypes()).containsExactly("email", "payment_card");

        var masked = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.MASK))
                .decide(request, Caller.ANONYMOUS);
        ObjectMapper json = new ObjectMapper();
        var args = json.readTree(masked.request().messages().get(1).toolCalls().getFirst().argumentsJson());
        assertThat(args.get("email").asText()).isEqualTo("[EMAIL_1]");
        assertThat(args.get("limit").asInt()).isEqualTo(5);
        var result = json.readTree(masked.request().messages().get(2).text());
        assertThat(result.get("card").asText()).isEqualTo("[PAYMENT_CARD_1]");
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(masked.request().messages().get(1).toolCalls().getFirst().id()).isEqualTo("call_1");
    }

    @Test
    void invalidToolArgumentsAreScannedAndMaskedAsText() {
        ChatMessage assistant = new ChatMessage(Role.ASSISTANT, List.of(), false, Optional.empty(),
                List.of(new ToolCall("c", "f", "{\"to\": \"" + EMAIL + "\"")), Optional.empty());
        var d = (PolicyDecision.Allowed) policy(PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.MASK))
                .decide(ChatRequest.ofUser("m", "x").withMessages(List.of(assistant)), Caller.ANONYMOUS);
        assertThat(d.request().messages().getFirst().toolCalls().getFirst().argumentsJson()).isEqualTo("{\"to\": \"[EMAIL_1]\"");
    }

    @Test
    void picksPolicyByWorkflowThenKeyThenTeamThenDefault() {
        Map<String, PolicyDefinition> defs = Map.of(
                "open", PolicyDefinition.of(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL),
                "wf", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL),
                "key", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL),
                "keyown", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL),
                "team", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL));
        var p = new ConfiguredResidencyPolicy(new PolicyConfig("open", defs,
                new PolicyAttachments(Map.of("k1", "key"), Map.of("finance", "team"), Map.of("payroll", "wf"))));
        assertThat(p.policyNameFor(caller("k1", "finance", "payroll", "keyown"))).isEqualTo("wf");
        assertThat(p.policyNameFor(caller("k1", "finance", null, "keyown"))).isEqualTo("keyown");
        assertThat(p.policyNameFor(caller("k1", "finance", null, null))).isEqualTo("key");
        assertThat(p.policyNameFor(caller("k2", "finance", "other", null))).isEqualTo("team");
        assertThat(p.policyNameFor(caller("k2", "sales", null, null))).isEqualTo("open");
        assertThat(p.decide(ChatRequest.ofUser("m", "hi"), caller("k2", "sales", null, null)).policy()).isEqualTo("open");
    }

    @Test
    void unknownPolicyOnTheKeyFailsClosed() {
        var p = new ConfiguredResidencyPolicy(PolicyConfig.defaults());
        var d = p.decide(ChatRequest.ofUser("m", "hi"), caller("k", null, null, "typo"));
        assertThat(d).isInstanceOf(PolicyDecision.Denied.class);
        assertThat(((PolicyDecision.Denied) d).reason()).contains("unknown policy 'typo'");
    }

    @Test
    void customDetectorsReportTheirTypeAndMask() {
        var def = new PolicyDefinition(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.MASK, List.of(), List.of(), List.of(), List.of(),
                List.of(new CustomDetectorConfig("project_codename", List.of(), List.of("Bluebird", "night owl")),
                        new CustomDetectorConfig("employee_id", List.of("\\bEMP-\\d{6}\\b"), List.of())));
        var d = (PolicyDecision.Allowed) policy(def).decide(
                ChatRequest.ofUser("m", "Project bluebird: assign EMP-123456 to Night Owl tasks"), Caller.ANONYMOUS);
        assertThat(d.detectedTypes()).containsExactly("employee_id", "project_codename");
        assertThat(d.request().messages().getFirst().text())
                .isEqualTo("Project [PROJECT_CODENAME_1]: assign [EMPLOYEE_ID_1] to [PROJECT_CODENAME_2] tasks");
    }

    @Test
    void admitsAppliesProviderAndRegionListsToCloudBackendsOnly() {
        var def = new PolicyDefinition(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL, List.of("OpenAI", "anthropic"),
                List.of("anthropic-beta"), List.of("eu-west-1"), List.of(), List.of());
        var p = policy(def);
        var allowed = (PolicyDecision.Allowed) p.decide(ChatRequest.ofUser("m", "hi"), Caller.ANONYMOUS);
        assertThat(p.admits(allowed, backend(Locality.CLOUD, "openai", "eu-west-1"))).isTrue();
        assertThat(p.admits(allowed, backend(Locality.CLOUD, "openai", "us-east-1"))).isFalse();
        assertThat(p.admits(allowed, backend(Locality.CLOUD, "groq", "eu-west-1"))).isFalse();
        assertThat(p.admits(allowed, new BackendInfo("b", Locality.CLOUD, "openai", Optional.empty(), List.of()))).isFalse();
        assertThat(p.admits(allowed, backend(Locality.LAN, "ollama", "basement"))).isTrue();

        var sovereign = policy(PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL));
        var local = (PolicyDecision.Allowed) sovereign.decide(ChatRequest.ofUser("m", "hi"), Caller.ANONYMOUS);
        assertThat(sovereign.admits(local, backend(Locality.CLOUD, "openai", "eu-west-1"))).isFalse();
        assertThat(sovereign.admits(local, backend(Locality.IN_PROCESS, "tiergate", "here"))).isTrue();
    }

    private static BackendInfo backend(Locality locality, String provider, String region) {
        return new BackendInfo("b", locality, provider, Optional.of(region), List.of("m"));
    }
}
