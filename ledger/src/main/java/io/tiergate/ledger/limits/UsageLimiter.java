package io.tiergate.ledger.limits;

import io.tiergate.ledger.keys.KeyLimits;
import io.tiergate.ledger.keys.VirtualKey;

/**
 * Admits or rejects a request against its key's rate limits (requests and tokens per minute) and
 * budgets (money per UTC day and month). {@code reserve} counts the request and holds its estimated
 * cost and tokens; {@code commit} replaces the estimate by the actual numbers. Because in-flight
 * estimates count against the budget, parallel requests overspend a budget at most by how much their
 * actual cost exceeds their estimate. Implementations are thread-safe; a shared store (Redis) fits
 * behind the same two calls.
 */
public interface UsageLimiter {

    LimitDecision reserve(String keyId, KeyLimits limits, long estimatedCostMicros, long estimatedTokens);

    default LimitDecision reserve(VirtualKey key, long estimatedCostMicros, long estimatedTokens) {
        return reserve(key.id(), key.limits(), estimatedCostMicros, estimatedTokens);
    }

    /** Call exactly once per reservation, also for failed requests (with what they actually cost, often 0). */
    void commit(Reservation reservation, double actualCostMicros, long actualTokens);
}
