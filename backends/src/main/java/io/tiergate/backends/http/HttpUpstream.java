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
 * connections), its configured headers, its proxy choice ({@link ProxySelection}) and the egress
 * check on every call (on the target URL: the proxy only relays to it). Whole-body calls ask for
 * gzip; stream calls don't (a compressor holds back SSE events until its buffer fills). Chat and embedding
 * calls are bounded by their {@link Deadlines} (which close the socket when a limit passes), so
 * their reads need no socket timeout; health probes use a plain read timeout.
 */
public final class HttpUpstream implements AutoCloseable {
    private final Http1Client client;
    private final Map<String, String> jsonHeaders;
    private final Map<String, String> sseHeaders;
    private final Map<String, String> getHeaders;
    private final ProxySelection proxies;

    /** Through the proxies of the process's environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
    public HttpUpstream(BackendTimeouts timeouts, Map<String, String> headers) {
        this(timeouts, headers, ProxySelection.fromSystemEnvironment());
    }

    public HttpUpstream(BackendTimeouts timeouts, Map<String, String> headers, ProxySelection proxies) {
        this.client = Http1Client.withDefaults(timeouts.connect());
        this.jsonHeaders = with(headers, "application/json", true, true);
        this.sseHeaders = with(headers, "text/event-stream", true, false);
        this.getHeaders = with(headers, "application/json", false, true);
        this.proxies = proxies;
    }

    /** POSTs JSON; the call ends when it is answered or when {@code deadlines} trips (closing its socket). */
    public Http1Response post(URI uri, byte[] body, boolean sse, Deadlines deadlines) throws IOException {
        EgressRule.check(uri);
        return client.send("POST", uri, sse ? sseHeaders : jsonHeaders, Optional.of(body), deadlines::onExpiry, 0, proxies.proxyFor(uri));
    }

    /** GETs with a plain read timeout (health probes, model lists). */
    public Http1Response get(URI uri, Duration readTimeout) throws IOException {
        EgressRule.check(uri);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        return client.send("GET", uri, getHeaders, Optional.empty(), abort -> { }, millis, proxies.proxyFor(uri));
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
    private static Map<String, String> with(Map<String, String> configured, String accept, boolean jsonBody, boolean gzip) {
        Map<String, String> h = new LinkedHashMap<>();
        if (jsonBody) h.put("Content-Type", "application/json");
        h.put("Accept", accept);
        if (gzip) h.put("Accept-Encoding", "gzip");
        h.keySet().removeIf(name -> configured.keySet().stream().anyMatch(name::equalsIgnoreCase));
        h.putAll(configured);
        return java.util.Collections.unmodifiableMap(h);
    }
}
