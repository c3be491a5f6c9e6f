package io.tiergate.testkit.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request a fake upstream received: method, path (with query), headers (names lower-cased) and body. */
public record RecordedRequest(String method, String path, Map<String, String> headers, byte[] body) {
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
