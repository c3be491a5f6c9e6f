package io.tiergate.ledger.limits;

import io.tiergate.api.TiergateException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A refused request: which limit, a message for people, when to retry, and the rate-limit headers. */
public record Rejection(Reason reason, String message, Duration retryAfter, Map<String, String> headers)
        implements LimitDecision {

    public enum Reason {
        REQUESTS_PER_MINUTE("requests", "rate_limit_exceeded"),
        TOKENS_PER_MINUTE("tokens", "rate_limit_exceeded"),
        DAILY_BUDGET("insufficient_quota", "budget_exceeded"),
        MONTHLY_BUDGET("insufficient_quota", "budget_exceeded");

        /** OpenAI's error {@code type} and {@code code} for this limit. */
        public final String type;
        public final String code;

        Reason(String type, String code) {
            this.type = type;
            this.code = code;
        }
    }

    public Rejection {
        headers = Map.copyOf(headers);
    }

    /** The 429 the HTTP edge turns into OpenAI's error JSON, with {@code retry-after} in whole seconds. */
    public TiergateException toException() {
        Map<String, String> all = new HashMap<>(headers);
        all.put("retry-after", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return new TiergateException(429, reason.type, message, Optional.of(reason.code), Optional.empty(), all);
    }
}
