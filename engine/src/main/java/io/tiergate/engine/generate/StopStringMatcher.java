package io.tiergate.engine.generate;

import java.util.List;

/**
 * Finds stop strings in generated text as it grows, and says how much text is safe to emit: text
 * that might be the start of a stop string is held back until the next token settles it.
 */
final class StopStringMatcher {

    private final List<String> stops;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private int stopAt = -1;

    StopStringMatcher(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Adds text; returns the part that may be emitted now (possibly empty). */
    String append(String more) {
        if (stopAt >= 0) return "";
        int searchFrom = Math.max(0, emitted - longest());
        text.append(more);
        int found = -1;
        for (String s : stops) {
            int i = text.indexOf(s, searchFrom);
            if (i >= 0 && (found < 0 || i < found)) found = i;
        }
        if (found >= 0) {
            stopAt = found;
            return take(found);
        }
        return take(text.length() - heldBack());
    }

    /** Whatever was held back, at the end of generation without a stop. */
    String flush() {
        return stopAt >= 0 ? "" : take(text.length());
    }

    boolean stopped() {
        return stopAt >= 0;
    }

    /** The whole answer: text up to the stop string, if one was found. */
    String text() {
        return stopAt >= 0 ? text.substring(0, stopAt) : text.toString();
    }

    private String take(int upTo) {
        if (upTo <= emitted) return "";
        String s = text.substring(emitted, upTo);
        emitted = upTo;
        return s;
    }

    private int longest() {
        return stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Length of the longest suffix of the text that is a proper prefix of a stop string. */
    private int heldBack() {
        int best = 0;
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, text.length() - emitted); len > best; len--) {
                if (suffixMatches(s, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    private boolean suffixMatches(String s, int len) {
        int start = text.length() - len;
        for (int i = 0; i < len; i++) {
            if (text.charAt(start + i) != s.charAt(i)) return false;
        }
        return true;
    }
}
