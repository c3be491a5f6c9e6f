package io.tiergate.gateway;

import java.util.Optional;
import java.util.Set;

/**
 * Per-request controls from the edge: the request id, a tier to pin (skips the router), the most
 * expensive tier the caller allows (a budget cap: the router never plans above it), and the tiers the
 * caller's key may reach at all (empty: every tier).
 */
public record RequestOptions(String requestId, Optional<String> pinnedTier, Optional<String> maxTier, Set<String> allowedTiers) {
    public RequestOptions {
        allowedTiers = Set.copyOf(allowedTiers);
    }

    /** With no restriction by key. */
    public RequestOptions(String requestId, Optional<String> pinnedTier, Optional<String> maxTier) {
        this(requestId, pinnedTier, maxTier, Set.of());
    }

    public static RequestOptions of(String requestId) {
        return new RequestOptions(requestId, Optional.empty(), Optional.empty());
    }

    /** Whether the caller's key may reach {@code tier}. */
    public boolean keyAllows(String tier) {
        return allowedTiers.isEmpty() || allowedTiers.contains(tier);
    }
}
