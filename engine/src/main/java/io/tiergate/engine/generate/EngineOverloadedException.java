package io.tiergate.engine.generate;

import io.tiergate.api.TiergateException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** 503: the model's queue is full; {@code retryAfter} is a guess at when a slot frees up. */
public final class EngineOverloadedException extends TiergateException {

    private final Duration retryAfter;

    public EngineOverloadedException(String message, Duration retryAfter) {
        super(503, "server_error", message, Optional.of("engine_overloaded"), Optional.empty(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
