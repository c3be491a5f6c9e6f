package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Locality;
import io.tiergate.api.PolicyDecision;
import io.tiergate.api.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An assistant's refusal part ({"type":"refusal","refusal":"..."}) is text: under cloud-if-clean it is scanned and
 * masked like a text part instead of keeping the request local as content that cannot be scanned.
 */
class RefusalPartScanningTest {
    private static final String EMAIL = "jane.roe@shop.io";
    private static final String IBAN = "DE89 3704 0044 0532 0130 00";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConfiguredResidencyPolicy cloudIfClean(SensitiveAction action) {
        return new ConfiguredResidencyPolicy(new PolicyConfig("p", Map.of("p", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, action)),
                PolicyAttachments.none()));
    }

    /** A user turn, the assistant's refusal (as the request reader keeps it: the part's JSON verbatim), a user follow-up. */
    private static ChatRequest withAssistantPart(ContentPart part) {
        ChatMessage assistant = new ChatMessage(Role.ASSISTANT, List.of(part), true, Optional.empty(), List.of(), Optional.empty());
        return ChatRequest.ofUser("m", "x").withMessages(List.of(
                ChatMessage.of(Role.USER, "Help me with my account."), assistant, ChatMessage.of(Role.USER, "Why not?")));
    }

    private static ContentPart.Other refusal(String text) throws Exception {
        return new ContentPart.Other("refusal", JSON.writeValueAsString(Map.of("type", "refusal", "refusal", text)));
    }

    @Test
    void aCleanRefusalMayGoToTheCloud() throws Exception {
        ChatRequest request = withAssistantPart(refusal("I'm sorry, I cannot help with that request."));
        for (SensitiveAction action : SensitiveAction.values()) {
            var d = cloudIfClean(action).decide(request, Caller.ANONYMOUS);
            assertThat(d).as("%s", action).isInstanceOfSatisfying(PolicyDecision.Allowed.class, a -> {
                assertThat(a.localities()).contains(Locality.CLOUD);
                assertThat(a.detectedTypes()).isEmpty();
                assertThat(a.masked()).isFalse();
                assertThat(a.request()).isSameAs(request);
            });
        }
    }

    @Test
    void sensitiveDataInARefusalIsDetected() throws Exception {
        ChatRequest request = withAssistantPart(refusal("I cannot move money from " + IBAN + " or write to " + EMAIL + "."));

        var local = (PolicyDecision.Allowed) cloudIfClean(SensitiveAction.ROUTE_LOCAL).decide(request, Caller.ANONYMOUS);
        assertThat(local.detectedTypes()).containsExactly("email", "iban");
        assertThat(local.localities()).isEqualTo(PolicyDefinition.LOCAL);
        assertThat(local.reason()).isEqualTo("found email, iban: in-process and LAN tiers only");

        var denied = (PolicyDecision.Denied) cloudIfClean(SensitiveAction.DENY).decide(request, Caller.ANONYMOUS);
        assertThat(denied.reason()).isEqualTo("sensitive data found (email, iban)");
    }

    @Test
    void maskRewritesTheRefusalTextAndKeepsThePartsOtherFields() throws Exception {
        // a field beside "refusal" survives the rewrite: the backends forward the part's JSON as is
        var part = new ContentPart.Other("refusal", "{\"type\":\"refusal\",\"refusal\":\"Not for " + EMAIL + ", sorry.\",\"x_note\":7}");
        ChatRequest request = withAssistantPart(part).withMessages(List.of(
                ChatMessage.of(Role.USER, "Mail " + EMAIL), withAssistantPart(part).messages().get(1)));

        var d = (PolicyDecision.Allowed) cloudIfClean(SensitiveAction.MASK).decide(request, Caller.ANONYMOUS);
        assertThat(d.masked()).isTrue();
        assertThat(d.localities()).contains(Locality.CLOUD);
        assertThat(d.detectedTypes()).containsExactly("email");
        assertThat(d.request().messages().get(0).text()).isEqualTo("Mail [EMAIL_1]");
        ContentPart masked = d.request().messages().get(1).content().getFirst();
        assertThat(masked).isInstanceOfSatisfying(ContentPart.Other.class, o -> {
            assertThat(o.type()).isEqualTo("refusal");
            assertThat(o.json()).doesNotContain(EMAIL);
            JsonNode node = readTree(o.json());
            assertThat(node.get("type").asText()).isEqualTo("refusal");
            assertThat(node.get("refusal").asText()).isEqualTo("Not for [EMAIL_1], sorry."); // same placeholder as the user's
            assertThat(node.get("x_note").asInt()).isEqualTo(7);
        });
        assertThat(d.request().messages().get(1).contentAsParts()).isTrue();
        assertThat(d.placeholders()).containsExactlyEntriesOf(Map.of("[EMAIL_1]", EMAIL));
    }

    @Test
    void unknownPartsAndUnreadableRefusalsStillFailClosed() {
        for (ContentPart.Other part : List.of(
                new ContentPart.Other("input_audio", "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklG\",\"format\":\"wav\"}}"),
                new ContentPart.Other("refusal", "{\"type\":\"refusal\",\"refusal\":{\"text\":\"" + EMAIL + "\"}}"),
                new ContentPart.Other("refusal", "{\"type\":\"refusal\"}"),
                new ContentPart.Other("refusal", "not json"))) {
            ChatRequest request = withAssistantPart(part);
            var local = (PolicyDecision.Allowed) cloudIfClean(SensitiveAction.MASK).decide(request, Caller.ANONYMOUS);
            assertThat(local.localities()).as(part.json()).isEqualTo(PolicyDefinition.LOCAL);
            assertThat(local.detectedTypes()).containsExactly(part.type());
            assertThat(local.masked()).isFalse();
            var denied = (PolicyDecision.Denied) cloudIfClean(SensitiveAction.DENY).decide(request, Caller.ANONYMOUS);
            assertThat(denied.reason()).isEqualTo("content that cannot be scanned (" + part.type() + ")");
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
