package io.tiergate.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One audited request. Costs are micro-dollars; {@code counterfactualCostMicros} is what the same tokens
 * would have cost on the configured baseline (frontier) model. {@code status} is the HTTP status sent
 * to the client. Prompt and completion text are present only when the operator turned that on.
 */
public record LedgerEntry(
        Instant time,
        String requestId,
        String keyId,
        Optional<String> team,
        Optional<String> workflow,
        Optional<String> step,
        String modelRequested,
        String modelUsed,
        String tier,
        String backend,
        Optional<Double> routeScore,
        String routeReason,
        String policyVerdict,
        List<String> detectedTypes,
        Usage usage,
        Optional<Duration> timeToFirstToken,
        Duration latency,
        int status,
        Optional<String> errorCode,
        double costMicros,
        double counterfactualCostMicros,
        Optional<String> promptText,
        Optional<String> completionText) {

    public LedgerEntry {
        detectedTypes = List.copyOf(detectedTypes);
    }

    public double savingsMicros() {
        return counterfactualCostMicros - costMicros;
    }
}
