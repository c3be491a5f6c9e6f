package io.tiergate.api;

import java.util.List;
import java.util.Map;
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
     * {@code placeholders} maps each placeholder put into a masked request ("[EMAIL_1]") to the value it
     * stands for, so the answer can be given back to the caller with the values in place; empty when
     * nothing was masked. It never leaves the gateway.
     */
    record Allowed(String policy, Set<Locality> localities, ChatRequest request, List<String> detectedTypes,
                   boolean masked, String reason, Map<String, String> placeholders) implements PolicyDecision {
        public Allowed {
            localities = Set.copyOf(localities);
            detectedTypes = List.copyOf(detectedTypes);
            placeholders = Map.copyOf(placeholders);
        }

        public Allowed(String policy, Set<Locality> localities, ChatRequest request, List<String> detectedTypes,
                       boolean masked, String reason) {
            this(policy, localities, request, detectedTypes, masked, reason, Map.of());
        }

        @Override
        public String toString() { // the values are the sensitive data itself: never in a log line
            return "Allowed[policy=" + policy + ", localities=" + localities + ", detectedTypes=" + detectedTypes
                    + ", masked=" + masked + ", placeholders=" + placeholders.size() + "]";
        }
    }

    record Denied(String policy, List<String> detectedTypes, String reason) implements PolicyDecision {
        public Denied {
            detectedTypes = List.copyOf(detectedTypes);
        }
    }
}
