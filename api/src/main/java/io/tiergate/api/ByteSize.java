package io.tiergate.api;

import java.util.Locale;

/**
 * Byte counts for people, in binary units with one decimal: {@code 512 B}, {@code 1.5 GiB}. One place for
 * every message and progress line that shows a size (the model store's downloads, the engine's memory budget).
 */
public final class ByteSize {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ByteSize() {}

    public static String format(long bytes) {
        double v = bytes;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}
