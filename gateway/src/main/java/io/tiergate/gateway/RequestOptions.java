package io.tiergate.gateway;

import java.util.Optional;

/**
 * Per-request controls from the edge: the request id, a tier to pin (skips the router), and the most
 * expensive tier the caller allows (a budget cap: the router never plans above it).
 */
public record RequestOptions(String requestId, Optional<String> pinnedTier, Optional<String> maxTier) {
    public static RequestOptions of(String requestId) {
        return new RequestOptions(requestId, Optional.empty(), Optional.empty());
    }
}
