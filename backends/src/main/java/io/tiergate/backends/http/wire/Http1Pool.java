package io.tiergate.backends.http.wire;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle keep-alive connections per origin, most recently used first (a warm connection is the least
 * likely to have been closed by the server). Nothing watches an idle connection: one the server
 * closed is found out when it is next used, and {@link Http1Client} then retries once on a new one.
 * Connections idle longer than {@code maxIdleNanos} are dropped instead of reused, because servers
 * close idle keep-alive connections after a few seconds (Node 5 s, uvicorn 5 s, nginx 75 s).
 */
final class Http1Pool {
    private record Idle(ConcurrentLinkedDeque<Http1Connection> connections, AtomicInteger size) {}

    private final ConcurrentHashMap<String, Idle> byOrigin = new ConcurrentHashMap<>();
    private final int maxIdlePerOrigin;
    private final long maxIdleNanos;
    private volatile boolean closed;

    Http1Pool(int maxIdlePerOrigin, long maxIdleNanos) {
        this.maxIdlePerOrigin = maxIdlePerOrigin;
        this.maxIdleNanos = maxIdleNanos;
    }

    /** A live idle connection to {@code origin}, if one is kept. */
    Optional<Http1Connection> take(String origin) {
        Idle idle = byOrigin.get(origin);
        if (idle == null) return Optional.empty();
        long now = System.nanoTime();
        Http1Connection c;
        while ((c = idle.connections.pollFirst()) != null) {
            idle.size.decrementAndGet();
            if (c.isOpen() && now - c.idleSinceNanos < maxIdleNanos) return Optional.of(c);
            c.close();
        }
        return Optional.empty();
    }

    void release(Http1Connection c) {
        if (closed || !c.isOpen() || c.hasBufferedBytes()) {
            c.close();
            return;
        }
        Idle idle = byOrigin.computeIfAbsent(c.origin, o -> new Idle(new ConcurrentLinkedDeque<>(), new AtomicInteger()));
        if (idle.size.incrementAndGet() > maxIdlePerOrigin) {
            idle.size.decrementAndGet();
            c.close();
            return;
        }
        c.beforeSocketRead(() -> { });
        c.idleSinceNanos = System.nanoTime();
        idle.connections.offerFirst(c);
    }

    /** Closes every idle connection; connections in use close when their responses do. */
    void close() {
        closed = true;
        for (Idle idle : byOrigin.values()) {
            Http1Connection c;
            while ((c = idle.connections.pollFirst()) != null) c.close();
        }
    }
}
