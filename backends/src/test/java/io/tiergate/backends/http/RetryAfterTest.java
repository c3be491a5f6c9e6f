package io.tiergate.backends.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "120                           | 120000",
            "0                             | 0",
            "1.5                           | 1500",
            "' 7 '                         | 7000",
            "Wed, 21 Oct 2015 07:28:30 GMT | 30000",
            "Wed, 21 Oct 2015 07:00:00 GMT | 0",
            "soon                          | -1",
            "-5                            | -1",
            "''                            | -1"})
    void parsesSecondsAndHttpDates(String header, long expectedMillis) {
        Optional<Duration> parsed = RetryAfter.parse(header, NOW);
        if (expectedMillis < 0) assertThat(parsed).isEmpty();
        else assertThat(parsed).contains(Duration.ofMillis(expectedMillis));
    }
}
