package io.tiergate.ledger.limits;

import java.util.Map;

/** The outcome of {@link UsageLimiter#reserve}: a {@link Reservation} to commit later, or a {@link Rejection}. */
public sealed interface LimitDecision permits Reservation, Rejection {
    /** OpenAI-style {@code x-ratelimit-*} headers to send with the response (only for limits the key has). */
    Map<String, String> headers();
}
