package io.tiergate.store.progress;

import io.tiergate.api.ByteSize;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes ({@link ByteSize}) and durations for progress output. */
public final class ByteUnits {

    private ByteUnits() {}

    public static String bytes(long n) {
        return ByteSize.format(n);
    }

    public static String rate(double bytesPerSecond) {
        return bytes((long) bytesPerSecond) + "/s";
    }

    /** {@code 1h02m}, {@code 3m07s}, {@code 12s}; "?" when unknown. */
    public static String eta(Duration d) {
        if (d.isNegative()) return "?";
        long s = d.toSeconds();
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}
