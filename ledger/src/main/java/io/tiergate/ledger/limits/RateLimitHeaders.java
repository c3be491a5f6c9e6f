package io.tiergate.ledger.limits;

import java.time.Duration;
import java.util.Map;

/** OpenAI's {@code x-ratelimit-*} response headers, with its reset spelling ({@code 20ms}, {@code 7s}, {@code 1m0s}). */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    static void put(Map<String, String> headers, String kind, long limit, long used, String reset) {
        headers.put("x-ratelimit-limit-" + kind, Long.toString(limit));
        headers.put("x-ratelimit-remaining-" + kind, Long.toString(Math.max(0, limit - used)));
        headers.put("x-ratelimit-reset-" + kind, reset);
    }

    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1_000) {
            return ms + "ms";
        }
        long seconds = (ms + 999) / 1_000;
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
