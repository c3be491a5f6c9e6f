package io.tiergate.router.eval;

import java.util.Map;

/** One line of a routing-evaluation file: a prompt and each model's score on it (1/0 or a preference in [0, 1]). */
public record RoutingItem(String id, String source, String category, String prompt, Map<String, Double> scores) {
    public RoutingItem {
        scores = Map.copyOf(scores);
    }
}
