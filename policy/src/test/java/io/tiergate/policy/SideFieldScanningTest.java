package io.tiergate.policy;

import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.Locality;
import io.tiergate.api.PolicyDecision;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fields outside the messages that reach the upstream verbatim — user, metadata, and top-level fields the
 * reader passes through (here OpenAI's {@code prediction}) — are scanned too. They cannot be masked, so
 * sensitive data there keeps a cloud-if-clean request local (or denies it), even under the mask action.
 */
class SideFieldScanningTest {
    private static final String EMAIL = "jane.roe@shop.io";

    private static ConfiguredResidencyPolicy cloudIfClean(SensitiveAction action) {
        return new ConfiguredResidencyPolicy(new PolicyConfig("p", Map.of("p", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, action)),
                PolicyAttachments.none()));
    }

    private static ChatRequest with(Optional<String> user, Map<String, String> metadata, Map<String, String> passthrough) {
        ChatRequest r = ChatRequest.ofUser("m", "Rewrite this paragraph more politely.");
        return new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoiceJson(), r.responseFormatJson(),
                r.stream(), r.includeUsage(), user, metadata, passthrough);
    }

    @Test
    void sensitiveDataInAPassedThroughFieldKeepsTheRequestLocalUnderEveryAction() {
        ChatRequest request = with(Optional.empty(), Map.of(),
                Map.of("prediction", "{\"type\":\"content\",\"content\":\"Dear customer, write to " + EMAIL + "\"}"));
        for (SensitiveAction action : SensitiveAction.values()) {
            PolicyDecision d = cloudIfClean(action).decide(request, Caller.ANONYMOUS);
            if (action == SensitiveAction.DENY) {
                assertThat(d).isInstanceOf(PolicyDecision.Denied.class);
                continue;
            }
            assertThat(d).as("%s", action).isInstanceOfSatisfying(PolicyDecision.Allowed.class, a -> {
                assertThat(a.localities()).doesNotContain(Locality.CLOUD);
                assertThat(a.detectedTypes()).contains("email");
                assertThat(a.masked()).isFalse();
                assertThat(a.reason()).contains("cannot be masked (prediction)");
            });
        }
    }

    @Test
    void userAndMetadataAreScannedAndCleanSideFieldsChangeNothing() {
        var policy = cloudIfClean(SensitiveAction.MASK);
        var inUser = (PolicyDecision.Allowed) policy.decide(with(Optional.of(EMAIL), Map.of(), Map.of()), Caller.ANONYMOUS);
        assertThat(inUser.localities()).doesNotContain(Locality.CLOUD);
        assertThat(inUser.reason()).contains("(user)");
        var inMetadata = (PolicyDecision.Allowed) policy.decide(with(Optional.empty(), Map.of("contact", EMAIL), Map.of()), Caller.ANONYMOUS);
        assertThat(inMetadata.localities()).doesNotContain(Locality.CLOUD);
        assertThat(inMetadata.reason()).contains("(metadata)");
        var inMetadataKey = (PolicyDecision.Allowed) policy.decide(with(Optional.empty(), Map.of(EMAIL, "x"), Map.of()), Caller.ANONYMOUS);
        assertThat(inMetadataKey.localities()).as("a metadata key goes upstream too").doesNotContain(Locality.CLOUD);
        ChatRequest clean = with(Optional.of("user-42"), Map.of("team", "support"), Map.of("reasoning_effort", "\"low\"", "store", "true"));
        var cleanDecision = (PolicyDecision.Allowed) policy.decide(clean, Caller.ANONYMOUS);
        assertThat(cleanDecision.localities()).contains(Locality.CLOUD);
        assertThat(cleanDecision.detectedTypes()).isEmpty();
    }
}
