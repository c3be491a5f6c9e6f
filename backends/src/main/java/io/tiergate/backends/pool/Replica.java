package io.tiergate.backends.pool;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend inside a pool with its live state: requests in flight, consecutive failures, until
 * when it is ejected, and until when it asked us to wait (Retry-After). Times are System.nanoTime().
 */
final class Replica {
    final Backend backend;
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long ejectedUntil;
    private volatile boolean ejected;
    private volatile long coolingUntil;

    Replica(Backend backend) {
        this.backend = backend;
    }

    String id() {
        return backend.info().id();
    }

    /** Healthy, or ejected long enough ago to be given another chance. */
    boolean available(long now) {
        return !ejected || now - ejectedUntil >= 0;
    }

    boolean ejected() {
        return ejected;
    }

    long coolingUntil() {
        return coolingUntil;
    }

    void succeeded() {
        consecutiveFailures.set(0);
        ejected = false;
    }

    /** Counts a failure that says something about the replica's health; ejects at the threshold. */
    void failed(BackendFailure f, PoolConfig config, long now) {
        if (f.kind() == BackendFailure.Kind.RATE_LIMITED) {
            long wait = f.retryAfter().map(java.time.Duration::toNanos).orElse(config.initialBackoff().toNanos());
            coolingUntil = now + wait;
            return;
        }
        if (!countsAgainstHealth(f.kind())) return;
        failedProbe(config, now);
    }

    void failedProbe(PoolConfig config, long now) {
        if (consecutiveFailures.incrementAndGet() >= config.ejectAfterFailures()) {
            ejectedUntil = now + config.readmitAfter().toNanos();
            ejected = true;
        }
    }

    private static boolean countsAgainstHealth(BackendFailure.Kind kind) {
        return switch (kind) {
            case CONNECT, TIMEOUT_CONNECT, TIMEOUT_FIRST_TOKEN, TIMEOUT_IDLE, TIMEOUT_TOTAL, OVERLOADED, SERVER_ERROR, PROTOCOL,
                 STREAM_BROKEN -> true;
            case RATE_LIMITED, CLIENT_ERROR, CANCELLED, UNSUPPORTED -> false;
        };
    }
}
