package io.tiergate.engine.residency;

import io.tiergate.api.InvalidRequestException;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ollama's {@code keep_alive} request field, as JSON text: a number of seconds ({@code 300}), a
 * duration string ({@code "5m"}, {@code "1h30m"}, {@code "10s"}), {@code 0} to unload right after the
 * request, or a negative value to keep the model loaded forever.
 */
public final class KeepAlive {

    /** A keep-alive that never expires. */
    public static final Duration FOREVER = Duration.ofSeconds(-1);

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private KeepAlive() {}

    public static Optional<Duration> parse(Optional<String> json) {
        if (json.isEmpty()) return Optional.empty();
        String v = json.get().trim();
        if (v.equals("null")) return Optional.empty();
        if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) v = v.substring(1, v.length() - 1).trim();
        try {
            double seconds = Double.parseDouble(v);
            return Optional.of(seconds < 0 ? FOREVER : Duration.ofMillis((long) (seconds * 1000)));
        } catch (NumberFormatException notANumber) {
            // a duration string
        }
        if (v.startsWith("-")) return Optional.of(FOREVER);
        Matcher m = PART.matcher(v);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            millis += (long) (n * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            });
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            throw new InvalidRequestException("keep_alive '" + json.get() + "' is not a duration (e.g. 300, \"5m\", \"1h\", 0, -1)",
                    "keep_alive");
        }
        return Optional.of(Duration.ofMillis(millis));
    }
}
