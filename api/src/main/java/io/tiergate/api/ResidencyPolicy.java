package io.tiergate.api;

/** Decides which localities may see a request, before routing. Thread-safe. */
public interface ResidencyPolicy {
    PolicyDecision decide(ChatRequest request, Caller caller);

    /** Whether a backend may receive requests under an allowed decision (provider and region lists). */
    default boolean admits(PolicyDecision.Allowed decision, BackendInfo backend) {
        return decision.localities().contains(backend.locality());
    }

    /** Lets everything through: the default when no policy is configured. */
    ResidencyPolicy ALLOW_ALL = (request, caller) -> new PolicyDecision.Allowed("cloud-allowed",
            java.util.EnumSet.allOf(Locality.class), request, java.util.List.of(), false, "no residency policy configured");
}
