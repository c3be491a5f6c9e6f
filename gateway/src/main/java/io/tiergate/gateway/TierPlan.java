package io.tiergate.gateway;

import java.util.List;
import java.util.Optional;

/**
 * The tiers to try for one request, in order, each with the model to ask it for; {@code reason} says
 * why in words, {@code score} is the router's difficulty score when the router decided.
 */
public record TierPlan(List<Step> steps, String reason, Optional<Double> score) {
    public TierPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("a plan needs at least one tier");
    }

    public record Step(Tier tier, String model) {}
}
