package io.tiergate.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One audited request. Costs are micro-dollars; {@code counterfactualCostMicros} is what the same tokens
 * would have cost on the configured baseline (frontier) model. {@code status} is the HTTP status sent
 * to the client. Prompt and completion text are present only when the operator turned that on.
 * {@code kind} says whether it was a chat call or an embedding (prompt tokens only, no saving claimed);
 * {@code maxTokensClamp} is present when the backend generated fewer tokens than {@code max_tokens}
 * asked for because the context had no room for more.
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
        Optional<String> completionText,
        Kind kind,
        Optional<MaxTokensClamp> maxTokensClamp) {

    /** What kind of call an entry is; {@link #wireName()} is how the ledger, reports and filters spell it. */
    public enum Kind {
        CHAT, EMBEDDING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind spelled {@code text} (any case), or empty. */
        public static Optional<Kind> ofWireName(String text) {
            return Arrays.stream(values()).filter(k -> k.wireName().equalsIgnoreCase(text.strip())).findFirst();
        }
    }

    /** {@code max_tokens} asked for {@code requested} tokens and the backend allowed {@code granted}. */
    public record MaxTokensClamp(int requested, int granted) {}

    public LedgerEntry {
        detectedTypes = List.copyOf(detectedTypes);
    }

    /** A chat call's entry with nothing clamped (the shape before kinds and clamps were recorded). */
    public LedgerEntry(Instant time, String requestId, String keyId, Optional<String> team, Optional<String> workflow,
                       Optional<String> step, String modelRequested, String modelUsed, String tier, String backend,
                       Optional<Double> routeScore, String routeReason, String policyVerdict, List<String> detectedTypes,
                       Usage usage, Optional<Duration> timeToFirstToken, Duration latency, int status,
                       Optional<String> errorCode, double costMicros, double counterfactualCostMicros,
                       Optional<String> promptText, Optional<String> completionText) {
        this(time, requestId, keyId, team, workflow, step, modelRequested, modelUsed, tier, backend, routeScore, routeReason,
                policyVerdict, detectedTypes, usage, timeToFirstToken, latency, status, errorCode, costMicros,
                counterfactualCostMicros, promptText, completionText, Kind.CHAT, Optional.empty());
    }

    public double savingsMicros() {
        return counterfactualCostMicros - costMicros;
    }

    /** This entry as {@code kind}, with {@code clamp}. */
    public LedgerEntry with(Kind kind, Optional<MaxTokensClamp> clamp) {
        return new LedgerEntry(time, requestId, keyId, team, workflow, step, modelRequested, modelUsed, tier, backend,
                routeScore, routeReason, policyVerdict, detectedTypes, usage, timeToFirstToken, latency, status, errorCode,
                costMicros, counterfactualCostMicros, promptText, completionText, kind, clamp);
    }
}
