package io.tiergate.ledger.limits;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted request's hold on its key's limits. Remembers the windows it was counted in so a commit
 * after a minute/day/month rollover does not subtract from the new window.
 */
public final class Reservation implements LimitDecision {
    private final String keyId;
    private final long estimatedCostMicros;
    private final long estimatedTokens;
    private final long minute;
    private final long day;
    private final long month;
    private final Map<String, String> headers;
    private final AtomicBoolean committed = new AtomicBoolean();

    Reservation(String keyId, long estimatedCostMicros, long estimatedTokens, long minute, long day, long month,
                Map<String, String> headers) {
        this.keyId = keyId;
        this.estimatedCostMicros = estimatedCostMicros;
        this.estimatedTokens = estimatedTokens;
        this.minute = minute;
        this.day = day;
        this.month = month;
        this.headers = Map.copyOf(headers);
    }

    public String keyId() { return keyId; }

    public long estimatedCostMicros() { return estimatedCostMicros; }

    public long estimatedTokens() { return estimatedTokens; }

    long minute() { return minute; }

    long day() { return day; }

    long month() { return month; }

    @Override
    public Map<String, String> headers() { return headers; }

    /** True the first time only: commits are idempotent. */
    boolean markCommitted() {
        return committed.compareAndSet(false, true);
    }
}
