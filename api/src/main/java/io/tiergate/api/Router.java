package io.tiergate.api;

import java.util.List;

/** Chooses tiers for a request among the ones the policy allows (ordered cheapest first). */
public interface Router {
    RoutePlan plan(ChatRequest request, Difficulty difficulty, List<TierRef> allowedTiers);
}
