package io.tiergate.api;

import java.util.List;

/** The tiers to try, in order (first is the choice, the rest fallbacks), with a reason a person can read. */
public record RoutePlan(List<String> tiers, double score, String reason) {
    public RoutePlan {
        tiers = List.copyOf(tiers);
    }
}
