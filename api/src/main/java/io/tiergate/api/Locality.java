package io.tiergate.api;

import java.util.Locale;

/** Where a backend runs, which decides who may see a request (cheapest and most private first). */
public enum Locality {
    IN_PROCESS, LAN, CLOUD;

    /** Configuration spelling: in-process, lan, cloud. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Locality fromConfig(String s) {
        for (Locality l : values()) {
            if (l.configName().equals(s)) return l;
        }
        throw new IllegalArgumentException("unknown locality '" + s + "' (expected in-process, lan or cloud)");
    }
}
