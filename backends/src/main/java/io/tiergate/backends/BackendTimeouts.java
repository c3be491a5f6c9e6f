package io.tiergate.backends;

import java.time.Duration;

/**
 * Time limits of one backend call. {@code connect}: opening the TCP (and TLS) connection.
 * {@code firstToken}: from sending the request to the first streamed token (for a non-streamed
 * call, to the whole answer). {@code idle}: the longest gap between two stream chunks.
 * {@code total}: the whole call. A key left out of the configuration (null) takes its default.
 * The socket read limit is min(firstToken, total), so an idle limit above firstToken acts as firstToken.
 */
public record BackendTimeouts(Duration connect, Duration firstToken, Duration idle, Duration total) {
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    /** Generous: a local server may load the model on first use. */
    public static final Duration DEFAULT_FIRST_TOKEN = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TOTAL = Duration.ofMinutes(10);

    public BackendTimeouts {
        connect = positive(connect, DEFAULT_CONNECT, "connect");
        firstToken = positive(firstToken, DEFAULT_FIRST_TOKEN, "first-token");
        idle = positive(idle, DEFAULT_IDLE, "idle");
        total = positive(total, DEFAULT_TOTAL, "total");
    }

    public static BackendTimeouts defaults() {
        return new BackendTimeouts(DEFAULT_CONNECT, DEFAULT_FIRST_TOKEN, DEFAULT_IDLE, DEFAULT_TOTAL);
    }

    private static Duration positive(Duration d, Duration fallback, String key) {
        if (d == null) return fallback;
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeouts." + key + " must be positive, got " + d);
        return d;
    }
}
