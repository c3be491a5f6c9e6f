package io.tiergate.backends.http.wire;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The HTTP/1.1 client of every remote backend: blocking sockets (they suit the virtual-thread
 * request handlers), pooled keep-alive connections, the request written in one piece, TCP_NODELAY.
 *
 * <p>Why our own: with Helidon WebClient each pooled connection that went idle started a virtual
 * thread doing 101 ms timed reads to watch it, and the next request had to wait for that thread to
 * hand the connection back. At one connection that was a thread start, a timer and a hand-off per
 * request, plus a {@code SocketTimeoutException} (with its stack trace) per idle 101 ms per pooled
 * connection. This client watches nothing: calls are bounded from outside (the caller registers
 * an abort that closes the socket, see {@code Deadlines}), so reads are untimed and park without a
 * timer; a pooled connection the server closed is found out on use and the call retried once.
 *
 * <p>Through an HTTP proxy when the caller names one: plain-http targets with absolute-form request
 * targets, https ones in a CONNECT tunnel ({@link Http1Tunnel}); connections are pooled per (proxy,
 * target), so a tunnel is only ever reused for the target it was opened to. Gzip and deflate bodies
 * are decoded (the caller decides whether to send Accept-Encoding).
 *
 * <p>Not supported, on purpose: HTTP/2, redirects, SOCKS and TLS to the proxy itself.
 */
public final class Http1Client implements AutoCloseable {
    private final int connectTimeoutMillis;
    private final SSLContext tls;
    private final Http1Pool pool;

    /**
     * @param maxIdlePerOrigin idle connections kept per scheme://host:port
     * @param maxIdle          longest an idle connection is reused after (servers drop idle ones)
     */
    public Http1Client(Duration connectTimeout, SSLContext tls, int maxIdlePerOrigin, Duration maxIdle) {
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.tls = tls;
        this.pool = new Http1Pool(maxIdlePerOrigin, maxIdle.toNanos());
    }

    /** With the JDK's default trust store, 256 idle connections per origin, idle ones reused for 4 s. */
    public static Http1Client withDefaults(Duration connectTimeout) {
        try {
            return new Http1Client(connectTimeout, SSLContext.getDefault(), 256, Duration.ofSeconds(4));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /**
     * Sends one request and reads the response head.
     *
     * @param body            the request body, or empty for none (no Content-Length is sent then)
     * @param abortWith       receives the action that aborts this call (closing its socket) before
     *                        anything blocks; the caller runs it from another thread to end the call
     * @param readTimeoutMillis socket read timeout, 0 for none (then only {@code abortWith} bounds the call)
     */
    public Http1Response send(String method, URI uri, Map<String, String> headers, Optional<byte[]> body,
                              Consumer<Runnable> abortWith, int readTimeoutMillis) throws IOException {
        return send(method, uri, headers, body, abortWith, readTimeoutMillis, Optional.empty());
    }

    /**
     * As above, through {@code via} when present. A proxy that refuses (a CONNECT answered with
     * other than 2xx, or 407 to a proxied plain-http request) throws {@link ProxyRefusedException}.
     */
    public Http1Response send(String method, URI uri, Map<String, String> headers, Optional<byte[]> body,
                              Consumer<Runnable> abortWith, int readTimeoutMillis, Optional<Http1Proxy> via) throws IOException {
        Origin origin = Origin.of(uri);
        String key = origin.key() + via.map(p -> " via " + p.key()).orElse("");
        byte[] request = request(method, uri, origin, headers, body, via);
        for (int attempt = 0; ; attempt++) {
            Optional<Http1Connection> pooled = attempt == 0 ? pool.take(key) : Optional.empty();
            AtomicBoolean aborted = new AtomicBoolean();
            Http1Connection conn;
            if (pooled.isPresent()) {
                conn = pooled.get();
                Http1Connection c = conn;
                abortWith.accept(() -> {
                    aborted.set(true);
                    c.close();
                });
            } else {
                conn = connect(key, origin, via, abortWith, aborted);
            }
            try {
                conn.readTimeoutMillis(readTimeoutMillis);
                conn.write(request);
                Http1Head head = Http1Head.read(conn);
                if (head.status == 407 && via.isPresent() && !origin.tls()) {
                    conn.close();
                    throw new ProxyRefusedException(via.get(), method + " " + origin.key(), 407,
                            ProxyRefusedException.explain(407, head.field("proxy-authenticate").orElse("")));
                }
                return new Http1Response(head.status, head.headers, head.body(conn, method), head.keepAlive(), pool);
            } catch (ProxyRefusedException e) {
                throw e;
            } catch (IOException e) {
                conn.close();
                boolean stale = pooled.isPresent() && !aborted.get() && (e instanceof EOFException || e instanceof SocketException);
                if (!stale) throw e;
                // The server closed this pooled connection while it sat idle: the request never reached it.
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private Http1Connection connect(String key, Origin origin, Optional<Http1Proxy> via, Consumer<Runnable> abortWith,
                                    AtomicBoolean aborted) throws IOException {
        Socket raw = new Socket();
        abortWith.accept(() -> {
            aborted.set(true);
            try {
                raw.close();
            } catch (IOException ignored) {
                // Closing is the goal.
            }
        });
        try {
            raw.setTcpNoDelay(true); // requests go out whole; don't wait on delayed ACKs
            if (via.isEmpty()) {
                raw.connect(new InetSocketAddress(origin.host(), origin.port()), connectTimeoutMillis);
            } else {
                connectToProxy(raw, via.get());
                if (origin.tls()) Http1Tunnel.open(raw, via.get(), origin.host(), origin.port(), connectTimeoutMillis);
            }
            Socket socket = raw;
            if (origin.tls()) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, origin.host(), origin.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            Http1Connection conn = new Http1Connection(key, socket);
            abortWith.accept(() -> {
                aborted.set(true);
                conn.close();
            });
            return conn;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Names the proxy in the error: "Connection refused" alone would send the reader to the upstream. */
    private void connectToProxy(Socket raw, Http1Proxy proxy) throws IOException {
        try {
            raw.connect(new InetSocketAddress(proxy.host(), proxy.port()), connectTimeoutMillis);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("connect timed out: proxy " + proxy.address());
        } catch (IOException e) {
            String why = e instanceof UnknownHostException ? "unknown host" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // No cause attached: failure mapping reports the innermost IOException, which would drop the proxy's name.
            throw new ConnectException("cannot reach proxy " + proxy.address() + ": " + why);
        }
    }

    private static byte[] request(String method, URI uri, Origin origin, Map<String, String> headers, Optional<byte[]> body,
                                  Optional<Http1Proxy> via) {
        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append(method).append(' ');
        // A forward proxy needs the absolute form for plain http; in a CONNECT tunnel the origin form is right.
        boolean absoluteForm = via.isPresent() && !origin.tls();
        if (absoluteForm) head.append("http://").append(origin.hostHeader());
        head.append(path);
        if (uri.getRawQuery() != null) head.append('?').append(uri.getRawQuery());
        head.append(" HTTP/1.1\r\nHost: ").append(origin.hostHeader()).append("\r\n");
        head.append("User-Agent: tiergate\r\n");
        if (absoluteForm) via.get().authorization().ifPresent(a -> head.append("Proxy-Authorization: ").append(a).append("\r\n"));
        headers.forEach((name, value) -> {
            if (isUnsafe(name) || isUnsafe(value)) {
                throw new IllegalArgumentException("header '" + name + "' contains a line break");
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        body.ifPresent(b -> head.append("Content-Length: ").append(b.length).append("\r\n"));
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body.isEmpty()) return h;
        ByteArrayOutputStream out = new ByteArrayOutputStream(h.length + body.get().length);
        out.writeBytes(h);
        out.writeBytes(body.get());
        return out.toByteArray();
    }

    private static boolean isUnsafe(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** scheme://host:port, the key connections are pooled by. */
    private record Origin(boolean tls, String host, int port) {
        static Origin of(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("only http and https URLs are supported, not '" + uri + "'");
            }
            if (uri.getHost() == null) throw new IllegalArgumentException("no host in '" + uri + "'");
            boolean tls = scheme.equals("https");
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
            return new Origin(tls, uri.getHost(), port);
        }

        String key() {
            return (tls ? "https://" : "http://") + host + ":" + port;
        }

        String hostHeader() {
            boolean defaultPort = port == (tls ? 443 : 80);
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            return defaultPort ? h : h + ":" + port;
        }
    }
}
