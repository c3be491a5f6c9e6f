package io.tiergate.server;

import io.helidon.webserver.http.ServerRequest;
import io.tiergate.api.ClientPresence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices that the client of an unstreamed request closed its connection while the request is still
 * running (a streamed one learns it from a failed write). One shared thread checks every watched
 * connection each {@code period} without reading from it: the channel is switched to non-blocking for
 * the check, asked whether it is readable, and readable with no bytes available means end of stream
 * (the client closed, or reset). Bytes of a pipelined next request are left in the socket for Helidon.
 * Sound only while nothing else uses the channel: Helidon's connection thread is inside our handler
 * (it reads the next request only after the handler returns, and writes only what the handler sends),
 * and the handler closes its watch before it sends anything; a check holds the watch's lock, so
 * closing waits for a check under way and the channel is blocking again when close returns.
 */
final class ClientDisconnectWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClientDisconnectWatcher.class.getName());
    /** Checks per second = 1000 / period; each costs a few system calls per watched connection. */
    static final Duration PERIOD = Duration.ofMillis(200);

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    /** Used by the timer thread only. */
    private final Selector selector;

    ClientDisconnectWatcher(Duration period) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tiergate-client-watch").unstarted(r));
        timer.scheduleWithFixedDelay(this::sweep, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code req}'s connection; a watch that never reports "gone" when it cannot be reached. Close it before answering. */
    Watch watch(ServerRequest req) {
        return HelidonConnectionChannels.of(req).map(this::watch).orElseGet(() -> new Watch(null));
    }

    Watch watch(SocketChannel channel) {
        Watch w = new Watch(channel);
        watches.add(w);
        return w;
    }

    private void sweep() {
        for (Watch w : watches) {
            try {
                w.check();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "checking a client connection failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
            selector.close();
        } catch (IOException | InterruptedException e) {
            LOG.log(Level.FINE, "closing the client watcher", e);
        }
    }

    /** One request's view of its client; {@link #gone} for {@link io.tiergate.api.ClientPresence}. */
    final class Watch implements ClientPresence, AutoCloseable {
        private final SocketChannel channel; // null: not watched
        private final ReentrantLock lock = new ReentrantLock();
        private boolean stopped;
        private volatile boolean gone;

        private Watch(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public boolean gone() {
            return gone;
        }

        private void check() {
            lock.lock();
            try {
                if (!stopped && !gone && peerClosed()) {
                    gone = true;
                    LOG.log(Level.FINE, "client of an unstreamed request closed its connection; cancelling the request");
                }
            } finally {
                lock.unlock();
            }
        }

        private boolean peerClosed() {
            if (!channel.isOpen()) return true;
            SelectionKey key = null;
            try {
                channel.configureBlocking(false);
                key = channel.register(selector, SelectionKey.OP_READ);
                boolean readable = selector.selectNow() > 0 && key.isReadable();
                return readable && channel.socket().getInputStream().available() == 0;
            } catch (ClosedChannelException e) {
                return true;
            } catch (IOException e) {
                return false; // cannot tell: keep serving
            } finally {
                restoreBlocking(key);
            }
        }

        /** Deregisters (a cancelled key leaves the selector at its next selection) and makes the channel blocking again for Helidon. */
        private void restoreBlocking(SelectionKey key) {
            try {
                if (key != null) {
                    key.cancel();
                    selector.selectNow();
                }
                selector.selectedKeys().clear();
                if (channel.isOpen()) channel.configureBlocking(true);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not make a client connection blocking again", e);
            }
        }

        /** Stops watching; after it returns the timer no longer touches the channel. */
        @Override
        public void close() {
            if (channel == null) return;
            lock.lock();
            try {
                stopped = true;
            } finally {
                lock.unlock();
            }
            watches.remove(Watch.this);
        }
    }
}
