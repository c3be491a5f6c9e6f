package io.tiergate.ledger.report;

import io.tiergate.api.LedgerSummary;

/**
 * One group of an audit report, ready for JSON: money in micro-dollars, latency in milliseconds,
 * {@code savingsPercent} = savings / counterfactual cost × 100 (0 when there is no counterfactual),
 * {@code clampedRequests} = calls whose {@code max_tokens} a backend clamped to the context's room.
 */
public record AuditRow(String group, long requests, long errors, long promptTokens, long completionTokens,
                       long cachedTokens, long reasoningTokens, long totalTokens, double costMicros,
                       double counterfactualCostMicros, double savingsMicros, double savingsPercent,
                       double latencyP50Millis, double latencyP95Millis, double latencyP99Millis,
                       long clampedRequests) {

    /** This row's numbers under another group name. */
    public AuditRow named(String name) {
        return new AuditRow(name, requests, errors, promptTokens, completionTokens, cachedTokens, reasoningTokens,
                totalTokens, costMicros, counterfactualCostMicros, savingsMicros, savingsPercent, latencyP50Millis,
                latencyP95Millis, latencyP99Millis, clampedRequests);
    }

    public static AuditRow of(LedgerSummary.Row r) {
        double savings = r.savingsMicros();
        return new AuditRow(r.group(), r.requests(), r.errors(), r.promptTokens(), r.completionTokens(),
                r.cachedTokens(), r.reasoningTokens(), r.promptTokens() + r.completionTokens(), r.costMicros(),
                r.counterfactualCostMicros(), savings,
                r.counterfactualCostMicros() > 0 ? 100.0 * savings / r.counterfactualCostMicros() : 0,
                r.latencyP50Millis(), r.latencyP95Millis(), r.latencyP99Millis(), r.clampedRequests());
    }
}
