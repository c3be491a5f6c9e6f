package io.tiergate.api;

import java.util.List;

/**
 * Totals per group (one row with group "all" when not grouped). Latencies in milliseconds;
 * {@code clampedRequests} counts calls whose {@code max_tokens} the backend clamped.
 */
public record LedgerSummary(LedgerQuery.GroupBy groupBy, List<Row> rows) {
    public LedgerSummary {
        rows = List.copyOf(rows);
    }

    public record Row(String group, long requests, long errors, long promptTokens, long completionTokens,
                      long cachedTokens, long reasoningTokens, double costMicros, double counterfactualCostMicros,
                      double latencyP50Millis, double latencyP95Millis, double latencyP99Millis,
                      long clampedRequests) {
        public double savingsMicros() {
            return counterfactualCostMicros - costMicros;
        }
    }
}
