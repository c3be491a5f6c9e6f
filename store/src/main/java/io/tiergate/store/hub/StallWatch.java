package io.tiergate.store.hub;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a download's body when nothing has arrived for the read timeout. The JDK client's body stream
 * has no read timeout of its own (its request timeout ends when the headers arrive), so a server that
 * stops sending mid-file would block the pull forever; closed from here, the blocked read fails and
 * the download resumes with a Range request like after any broken connection.
 */
final class StallWatch implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("tiergate-download-watch").unstarted(r));

    private final long limitNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile boolean stalled;

    StallWatch(Closeable body, Duration readTimeout) {
        this.limitNanos = readTimeout.toNanos();
        long periodMillis = Math.max(10, readTimeout.toMillis() / 4); // a stall is seen within 1.25 timeouts
        this.check = TIMER.scheduleAtFixedRate(() -> {
            if (stalled || System.nanoTime() - lastProgressNanos <= limitNanos) return;
            stalled = true;
            try {
                body.close();
            } catch (IOException | RuntimeException e) {
                // the blocked read fails either way once the stream is closed
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Bytes arrived: the timeout starts again. */
    void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    /** Whether this watch closed the body. */
    boolean stalled() {
        return stalled;
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
