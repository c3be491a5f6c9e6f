package io.tiergate.backends.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses an HTTP Retry-After value: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"). */
public final class RetryAfter {
    private RetryAfter() {}

    public static Optional<Duration> parse(String value, Instant now) {
        String v = value.strip();
        if (v.isEmpty()) return Optional.empty();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds)) return Optional.empty();
            return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
