package io.tiergate.server;

import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the socket channel of the connection a request came on, for {@link ClientDisconnectWatcher}.
 * Helidon 4.5 gives a handler no access to its connection: {@code ServerRequest} has no
 * {@code ConnectionContext}, and the {@code HelidonSocket} behind one cannot tell that the peer closed
 * ({@code NioSocket.isConnected()} is {@code channel.isOpen()}, true until we close it; {@code idle()}
 * does nothing). What exists: an HTTP/1 receive listener is called with the {@code ConnectionContext}
 * on the connection's own thread just before the routing runs there, so it is kept in a thread local;
 * the channel is a private {@code SocketChannel} field of Helidon's {@code ConnectionHandler} (its
 * {@code ConnectionContext}), read by reflection. Where that fails (a Helidon without the field, the
 * jars on the module path without --add-opens) nothing is watched and requests run as before.
 */
final class HelidonConnectionChannels implements Http1ConnectionListener {
    private static final Logger LOG = Logger.getLogger(HelidonConnectionChannels.class.getName());
    /** The connection whose request headers were read last on this thread (Helidon: one thread per connection). */
    private static final ThreadLocal<ConnectionContext> CURRENT = new ThreadLocal<>();
    private static volatile boolean warned;

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        CURRENT.set(ctx);
    }

    /** The channel of {@code req}'s connection, when the listener saw it and Helidon's field can be read. */
    static Optional<SocketChannel> of(ServerRequest req) {
        ConnectionContext ctx = CURRENT.get();
        if (ctx == null || !ctx.childSocketId().equals(req.socketId()) || !ctx.socketId().equals(req.serverSocketId())) {
            return Optional.empty();
        }
        Optional<Field> field = CHANNEL_FIELD.get(ctx.getClass());
        if (field.isEmpty()) return unavailable("no readable SocketChannel field in " + ctx.getClass().getName());
        try {
            return Optional.ofNullable((SocketChannel) field.get().get(ctx));
        } catch (IllegalAccessException e) {
            return unavailable(e.toString());
        }
    }

    /** The accessible SocketChannel field of a ConnectionContext class, looked up once per class. */
    private static final ClassValue<Optional<Field>> CHANNEL_FIELD = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!SocketChannel.class.isAssignableFrom(f.getType())) continue;
                    try {
                        f.setAccessible(true);
                        return Optional.of(f);
                    } catch (InaccessibleObjectException | SecurityException e) {
                        LOG.log(Level.FINE, "cannot open " + f, e);
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    };

    private static Optional<SocketChannel> unavailable(String why) {
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, "unstreamed requests will not be cancelled when their client disconnects: the connection's "
                    + "socket is not reachable (" + why + ")");
        }
        return Optional.empty();
    }
}
