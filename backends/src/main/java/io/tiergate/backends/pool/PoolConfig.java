package io.tiergate.backends.pool;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How a tier's replicas are tried and watched. A key left out (null from the YAML binder) takes its default.
 *
 * @param maxAttempts        tries per request across the replicas, first included (default 3)
 * @param initialBackoff     wait before the second try; doubles per try (default 100 ms)
 * @param maxBackoff         cap of that wait (default 2 s)
 * @param jitter             fraction of the wait randomised either way, in [0, 1] (default 0.2)
 * @param maxRetryAfter      longest Retry-After we wait out; a longer one fails the request over (default 10 s)
 * @param healthCheckInterval time between active probes of every replica; zero turns them off (default 10 s)
 * @param ejectAfterFailures consecutive failures (calls or probes) that take a replica out (default 3)
 * @param readmitAfter       how long an ejected replica stays out unless a probe succeeds first (default 30 s)
 */
public record PoolConfig(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Double jitter, Duration maxRetryAfter,
                         Duration healthCheckInterval, Integer ejectAfterFailures, Duration readmitAfter) {

    public PoolConfig {
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        if (maxAttempts < 1 || maxAttempts > 20) throw new IllegalArgumentException("max-attempts must be in [1, 20], got " + maxAttempts);
        initialBackoff = nonNegative(initialBackoff, Duration.ofMillis(100), "initial-backoff");
        maxBackoff = nonNegative(maxBackoff, Duration.ofSeconds(2), "max-backoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("max-backoff (" + maxBackoff + ") must not be below initial-backoff (" + initialBackoff + ")");
        }
        jitter = jitter == null ? 0.2 : jitter;
        if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be in [0, 1], got " + jitter);
        maxRetryAfter = nonNegative(maxRetryAfter, Duration.ofSeconds(10), "max-retry-after");
        healthCheckInterval = nonNegative(healthCheckInterval, Duration.ofSeconds(10), "health-check-interval");
        ejectAfterFailures = ejectAfterFailures == null ? 3 : ejectAfterFailures;
        if (ejectAfterFailures < 1) throw new IllegalArgumentException("eject-after-failures must be at least 1, got " + ejectAfterFailures);
        readmitAfter = nonNegative(readmitAfter, Duration.ofSeconds(30), "readmit-after");
    }

    public static PoolConfig defaults() {
        return new PoolConfig(null, null, null, null, null, null, null, null);
    }

    /** The wait before try number {@code attempt} (2 = the first retry): exponential, capped, jittered. */
    public Duration backoff(int attempt, RandomGenerator random) {
        long base = initialBackoff.toNanos() << Math.min(30, Math.max(0, attempt - 2));
        long capped = Math.min(base < 0 ? Long.MAX_VALUE : base, maxBackoff.toNanos());
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) (capped * factor));
    }

    public PoolConfig withMaxAttempts(int n) {
        return new PoolConfig(n, initialBackoff, maxBackoff, jitter, maxRetryAfter, healthCheckInterval, ejectAfterFailures, readmitAfter);
    }

    public PoolConfig withBackoff(Duration initial, Duration max) {
        return new PoolConfig(maxAttempts, initial, max, jitter, maxRetryAfter, healthCheckInterval, ejectAfterFailures, readmitAfter);
    }

    public PoolConfig withHealthChecks(Duration interval, int ejectAfter, Duration readmit) {
        return new PoolConfig(maxAttempts, initialBackoff, maxBackoff, jitter, maxRetryAfter, interval, ejectAfter, readmit);
    }

    public PoolConfig withMaxRetryAfter(Duration d) {
        return new PoolConfig(maxAttempts, initialBackoff, maxBackoff, jitter, d, healthCheckInterval, ejectAfterFailures, readmitAfter);
    }

    private static Duration nonNegative(Duration d, Duration fallback, String key) {
        if (d == null) return fallback;
        if (d.isNegative()) throw new IllegalArgumentException(key + " must not be negative, got " + d);
        return d;
    }
}
