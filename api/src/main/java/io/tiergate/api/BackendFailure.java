package io.tiergate.api;

import java.time.Duration;
import java.util.Optional;

/**
 * An expected failure of one backend call, as a value. {@code retryable} says whether another try
 * (here or on another replica) may succeed; {@code streamStarted} whether chunks already reached the
 * client, after which nothing may be retried. {@code upstreamStatus} is the HTTP status, when any.
 */
public record BackendFailure(
        Kind kind, String backendId, String message, Optional<Integer> upstreamStatus,
        Optional<Duration> retryAfter, boolean streamStarted) {

    public enum Kind {
        CONNECT, TIMEOUT_CONNECT, TIMEOUT_FIRST_TOKEN, TIMEOUT_IDLE, TIMEOUT_TOTAL,
        RATE_LIMITED, OVERLOADED, SERVER_ERROR, CLIENT_ERROR, PROTOCOL, STREAM_BROKEN, CANCELLED, UNSUPPORTED
    }

    public boolean retryable() {
        if (streamStarted) return false;
        return switch (kind) {
            case CONNECT, TIMEOUT_CONNECT, TIMEOUT_FIRST_TOKEN, RATE_LIMITED, OVERLOADED, SERVER_ERROR, STREAM_BROKEN,
                 TIMEOUT_IDLE, TIMEOUT_TOTAL, PROTOCOL -> true;
            case CLIENT_ERROR, CANCELLED, UNSUPPORTED -> false;
        };
    }

    public boolean isTimeout() {
        return switch (kind) {
            case TIMEOUT_CONNECT, TIMEOUT_FIRST_TOKEN, TIMEOUT_IDLE, TIMEOUT_TOTAL -> true;
            default -> false;
        };
    }
}
