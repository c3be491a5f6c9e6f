package io.tiergate.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration: {@code 200ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 1d}, a bare number of seconds, or ISO-8601 ({@code PT5M}).
 */
public final class HumanDurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final Pattern HUMAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    public HumanDurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String text = p.getValueAsString();
        if (text == null) {
            return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
        }
        return parse(text.trim());
    }

    public static Duration parse(String text) {
        if (text.startsWith("P") || text.startsWith("p")) return Duration.parse(text);
        Matcher m = HUMAN.matcher(text);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1e3;
                case "m" -> n * 60e3;
                case "h" -> n * 3600e3;
                default -> n * 86400e3;
            };
            return Duration.ofNanos(Math.round(millis * 1e6));
        }
        try {
            return Duration.ofNanos(Math.round(Double.parseDouble(text) * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 200ms, 30s, 5m, 2h)");
        }
    }
}
