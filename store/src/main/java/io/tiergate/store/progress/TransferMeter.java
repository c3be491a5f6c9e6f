package io.tiergate.store.progress;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Tracks one file's transfer: bytes done, average speed of this session (resumed bytes excluded) and ETA. */
final class TransferMeter {

    private final LongSupplier nanoTime;
    private String file = "";
    private long total;
    private long resumed;
    private long done;
    private long startNanos;

    TransferMeter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void start(String file, long total, long resumed) {
        this.file = file;
        this.total = total;
        this.resumed = resumed;
        this.done = resumed;
        this.startNanos = nanoTime.getAsLong();
    }

    void advance(long doneBytes) {
        this.done = doneBytes;
    }

    String file() { return file; }

    long total() { return total; }

    long done() { return done; }

    long elapsedNanos() { return nanoTime.getAsLong() - startNanos; }

    int percent() {
        return total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    }

    /** Bytes per second moved in this session; 0 before any time has passed. */
    double speed() {
        long nanos = elapsedNanos();
        return nanos <= 0 ? 0 : (done - resumed) * 1e9 / nanos;
    }

    /** Remaining time at the current speed; negative when the speed is unknown. */
    Duration eta() {
        double s = speed();
        if (s <= 0) return Duration.ofSeconds(-1);
        return Duration.ofSeconds((long) Math.ceil((total - done) / s));
    }
}
