package io.tiergate.backends.http;

import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.http.wire.Http1Client;
import io.tiergate.backends.http.wire.Http1Response;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outbound HTTP of one remote backend: its own {@link Http1Client} (pooled keep-alive
 * connections), its configured headers, and the egress check on every call. Chat and embedding
 * calls are bounded by their {@link Deadlines} (which close the socket when a limit passes), so
 * their reads need no socket timeout; health probes use a plain read timeout.
 */
public final class HttpUpstream implements AutoCloseable {
    private final Http1Client client;
    private final Map<String, String> jsonHeaders;
    private final Map<String, String> sseHeaders;
    private final Map<String, String> getHeaders;

    public HttpUpstream(BackendTimeouts timeouts, Map<String, String> headers) {
        this.client = Http1Client.withDefaults(timeouts.connect());
        this.jsonHeaders = with(headers, "application/json", true);
        this.sseHeaders = with(headers, "text/event-stream", true);
        this.getHeaders = with(headers, "application/json", false);
    }

    /** POSTs JSON; the call ends when it is answered or when {@code deadlines} trips (closing its socket). */
    public Http1Response post(URI uri, byte[] body, boolean sse, Deadlines deadlines) throws IOException {
        EgressRule.check(uri);
        return client.send("POST", uri, sse ? sseHeaders : jsonHeaders, Optional.of(body), deadlines::onExpiry, 0);
    }

    /** GETs with a plain read timeout (health probes, model lists). */
    public Http1Response get(URI uri, Duration readTimeout) throws IOException {
        EgressRule.check(uri);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        return client.send("GET", uri, getHeaders, Optional.empty(), abort -> { }, millis);
    }

    @Override
    public void close() {
        client.close();
    }

    /** Joins a base URL (with or without a trailing slash) and a path starting with '/'. */
    public static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    /** Our defaults, replaced by a configured header of the same name in any case (never sent twice). */
    private static Map<String, String> with(Map<String, String> configured, String accept, boolean jsonBody) {
        Map<String, String> h = new LinkedHashMap<>();
        if (jsonBody) h.put("Content-Type", "application/json");
        h.put("Accept", accept);
        h.keySet().removeIf(name -> configured.keySet().stream().anyMatch(name::equalsIgnoreCase));
        h.putAll(configured);
        return java.util.Collections.unmodifiableMap(h);
    }
}
