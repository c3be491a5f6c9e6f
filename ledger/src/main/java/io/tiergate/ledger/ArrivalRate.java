package io.tiergate.ledger;

import java.util.concurrent.TimeUnit;

/** Entries appended per second, over the last whole second and the one in progress. */
final class ArrivalRate {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private long windowStart = System.nanoTime();
    private long inWindow;
    private long lastWindow;

    void add(int entries, long now) {
        roll(now);
        inWindow += entries;
    }

    boolean busy(long now) {
        roll(now);
        return lastWindow >= BatchingLedgerWriter.BUSY_ENTRIES_PER_SECOND || inWindow >= BatchingLedgerWriter.BUSY_ENTRIES_PER_SECOND;
    }

    private void roll(long now) {
        if (now - windowStart >= WINDOW_NANOS) {
            // A gap of more than one window means the last whole second was empty.
            lastWindow = now - windowStart >= 2 * WINDOW_NANOS ? 0 : inWindow;
            inWindow = 0;
            windowStart = now;
        }
    }
}
