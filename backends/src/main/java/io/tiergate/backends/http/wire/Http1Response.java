package io.tiergate.backends.http.wire;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An upstream's answer: status, header fields and the body as a stream. Closing it returns the
 * connection to the pool when the body was read to its end (and the server keeps connections
 * alive), and closes the connection otherwise, which is how an abandoned stream stops the upstream.
 */
public final class Http1Response implements AutoCloseable {
    private final int status;
    private final List<String[]> headers;
    private final Http1Body body;
    /** The body with its Content-Encoding undone; the raw body itself when it had none. */
    private final InputStream decoded;
    private final boolean keepAlive;
    private final Http1Pool pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    Http1Response(int status, List<String[]> headers, Http1Body body, boolean keepAlive, Http1Pool pool) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.decoded = Http1ContentDecoding.decode(header("content-encoding"), body);
        this.keepAlive = keepAlive;
        this.pool = pool;
    }

    public int status() {
        return status;
    }

    /** The first value of a header field, matched without regard to case. */
    public Optional<String> header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) return Optional.of(h[1]);
        }
        return Optional.empty();
    }

    /**
     * The body's length when it is framed by one (Content-Length, or none at all: 204, 304, HEAD) and
     * not compressed (a compressed body's decoded length is unknown).
     */
    public OptionalLong contentLength() {
        return decoded == body && body instanceof Http1Body.Fixed fixed ? OptionalLong.of(fixed.length) : OptionalLong.empty();
    }

    /**
     * The body, decoded when it came gzip- or deflate-compressed; reading a body in another
     * Content-Encoding throws {@link ContentEncodingException}.
     */
    public InputStream body() {
        return decoded;
    }

    /**
     * Runs {@code hook} before each read of the body that goes to the socket (and so may wait),
     * never for bytes already received: a relay flushes what it holds there, so output waits on
     * nothing that has not arrived yet.
     */
    public void beforeSocketRead(Runnable hook) {
        body.conn.beforeSocketRead(hook);
    }

    /** Safe from any thread and more than once: a deadline may close a response its reader is blocked on. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (keepAlive && body.complete()) {
            pool.release(body.conn);
        } else {
            body.conn.close();
        }
    }
}
