package io.tiergate.api;

import java.util.List;
import java.util.Set;

/**
 * The residency verdict on a request. {@code detectedTypes} names the kinds of sensitive data found
 * (e.g. "email", "payment_card"), never their values.
 */
public sealed interface PolicyDecision {
    String policy();

    List<String> detectedTypes();

    /**
     * The request may go to backends of these localities (and providers/regions the policy allows);
     * {@code request} is the one to send: the original, or a copy with sensitive spans masked.
     */
    record Allowed(String policy, Set<Locality> localities, ChatRequest request, List<String> detectedTypes,
                   boolean masked, String reason) implements PolicyDecision {
        public Allowed {
            localities = Set.copyOf(localities);
            detectedTypes = List.copyOf(detectedTypes);
        }
    }

    record Denied(String policy, List<String> detectedTypes, String reason) implements PolicyDecision {
        public Denied {
            detectedTypes = List.copyOf(detectedTypes);
        }
    }
}
