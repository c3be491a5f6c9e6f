package io.tiergate.store.hub;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the Hugging Face Hub, following the Hub's own conventions: {@code HF_ENDPOINT} is the
 * base URL (a mirror, or a fake in tests; default {@value #DEFAULT_ENDPOINT}) and {@code HF_TOKEN} is
 * sent as {@code Authorization: Bearer} for gated or private repositories; {@code HF_HUB_DOWNLOAD_TIMEOUT}
 * (seconds, default {@value #DEFAULT_READ_TIMEOUT_SECONDS}, as huggingface_hub's) is how long a download
 * may go without receiving a byte before its connection is dropped and the download resumed.
 *
 * @param endpoint       base URL without a trailing slash
 * @param token          the access token, empty when none
 * @param connectTimeout how long to wait for a TCP connection before calling the Hub unreachable
 * @param readTimeout    how long a download may receive nothing before it is treated as a broken connection
 */
public record HubConfig(URI endpoint, String token, Duration connectTimeout, Duration readTimeout) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 10;

    public HubConfig {
        String e = endpoint.toString();
        while (e.endsWith("/")) e = e.substring(0, e.length() - 1);
        if (!e.startsWith("http://") && !e.startsWith("https://")) {
            throw new IllegalArgumentException("HF_ENDPOINT must be an http(s) URL, got '" + endpoint + "'");
        }
        endpoint = URI.create(e);
        token = token.strip();
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("HF_HUB_DOWNLOAD_TIMEOUT must be positive, got " + readTimeout.toMillis() / 1000.0 + " s");
        }
    }

    public static HubConfig defaults() {
        return new HubConfig(URI.create(DEFAULT_ENDPOINT), "", Duration.ofSeconds(10), Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS));
    }

    public static HubConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static HubConfig fromEnvironment(Map<String, String> env) {
        String endpoint = env.getOrDefault("HF_ENDPOINT", "");
        return new HubConfig(URI.create(endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip()),
                env.getOrDefault("HF_TOKEN", ""), Duration.ofSeconds(10), readTimeout(env.getOrDefault("HF_HUB_DOWNLOAD_TIMEOUT", "")));
    }

    /** Seconds, fractions allowed ("2.5"), as huggingface_hub reads the variable. */
    private static Duration readTimeout(String seconds) {
        if (seconds.isBlank()) return Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS);
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(seconds.strip()) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HF_HUB_DOWNLOAD_TIMEOUT must be a number of seconds, got '" + seconds + "'");
        }
    }

    public HubConfig withEndpoint(URI newEndpoint) {
        return new HubConfig(newEndpoint, token, connectTimeout, readTimeout);
    }

    public HubConfig withToken(String newToken) {
        return new HubConfig(endpoint, newToken, connectTimeout, readTimeout);
    }

    public Optional<String> bearer() {
        return token.isEmpty() ? Optional.empty() : Optional.of("Bearer " + token);
    }
}
