package io.tiergate.store.hub;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the Hugging Face Hub, following the Hub's own conventions: {@code HF_ENDPOINT} is the
 * base URL (a mirror, or a fake in tests; default {@value #DEFAULT_ENDPOINT}) and {@code HF_TOKEN} is
 * sent as {@code Authorization: Bearer} for gated or private repositories.
 *
 * @param endpoint       base URL without a trailing slash
 * @param token          the access token, empty when none
 * @param connectTimeout how long to wait for a TCP connection before calling the Hub unreachable
 */
public record HubConfig(URI endpoint, String token, Duration connectTimeout) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

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
    }

    public static HubConfig defaults() {
        return new HubConfig(URI.create(DEFAULT_ENDPOINT), "", Duration.ofSeconds(10));
    }

    public static HubConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static HubConfig fromEnvironment(Map<String, String> env) {
        String endpoint = env.getOrDefault("HF_ENDPOINT", "");
        return new HubConfig(URI.create(endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip()),
                env.getOrDefault("HF_TOKEN", ""), Duration.ofSeconds(10));
    }

    public HubConfig withEndpoint(URI newEndpoint) {
        return new HubConfig(newEndpoint, token, connectTimeout);
    }

    public HubConfig withToken(String newToken) {
        return new HubConfig(endpoint, newToken, connectTimeout);
    }

    public Optional<String> bearer() {
        return token.isEmpty() ? Optional.empty() : Optional.of("Bearer " + token);
    }
}
