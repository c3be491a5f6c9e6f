package io.tiergate.server;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.tiergate.gateway.Gateway;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tiergate's HTTP server: the OpenAI-compatible routes over a {@link Gateway}, plus health, readiness
 * and Prometheus metrics. Blocking handlers on Helidon's virtual threads. Extra route sets (admin,
 * audit) are added by the caller through {@code extraRoutes}, after the model routes and before health, readiness
 * and metrics: a {@code GET /ready} among them runs first and may answer not ready or pass on ({@code res.next()}).
 */
public final class TiergateServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TiergateServer.class.getName());

    private final WebServer server;
    private final ClientDisconnectWatcher watcher;
    private final ServerConfig config;

    /** Builds the server; the disconnect watcher's thread it starts is stopped again if the build fails. */
    public TiergateServer(ServerConfig config, Gateway gateway, Authentication auth, GatewayMetrics metrics,
                          BooleanSupplier ready, List<Consumer<HttpRouting.Builder>> extraRoutes) {
        this.config = config;
        this.watcher = new ClientDisconnectWatcher(ClientDisconnectWatcher.PERIOD);
        try {
            this.server = build(config, gateway, auth, metrics, ready, extraRoutes);
        } catch (RuntimeException | Error e) {
            watcher.close();
            throw e;
        }
    }

    private WebServer build(ServerConfig config, Gateway gateway, Authentication auth, GatewayMetrics metrics,
                            BooleanSupplier ready, List<Consumer<HttpRouting.Builder>> extraRoutes) {
        HealthHandlers health = new HealthHandlers(ready);
        HttpRouting.Builder routing = HttpRouting.builder()
                .post("/v1/chat/completions", new ChatHandler(gateway, auth, config.maxBodyBytes(), watcher))
                .post("/v1/embeddings", new EmbeddingsHandler(gateway, auth, config.maxBodyBytes()))
                .get("/v1/models", new ModelsHandler(gateway.models(), auth));
        // Ahead of /ready so that a route set may add its own condition to it (the ledger's), passing on with next().
        extraRoutes.forEach(r -> r.accept(routing));
        routing.get("/health", health::health)
                .get("/ready", health::ready)
                .get("/metrics", new MetricsHandler(config.masterKey(), auth, metrics))
                .any(TiergateServer::unknownRoute)
                .error(Throwable.class, (req, res, t) -> {
                    LOG.log(Level.SEVERE, "unhandled error on " + req.prologue().method() + " " + req.path().path(), t);
                    if (!res.isSent()) Exchanges.sendError(res, HttpErrors.internal(Exchanges.requestId(req)));
                });
        return WebServer.builder()
                .host(config.host())
                .port(config.port())
                // Our handlers enforce the body limit themselves so the 413 is OpenAI-shaped.
                .maxPayloadSize(-1)
                // Small SSE events must leave at once: Nagle + delayed ACK would hold them ~40 ms.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .shutdownGracePeriod(Duration.ofSeconds(2))
                // hands each request's connection to the ClientDisconnectWatcher (see HelidonConnectionChannels)
                .addProtocol(Http1Config.builder().addReceiveListener(new HelidonConnectionChannels()).build())
                .routing(routing)
                .build();
    }

    private static void unknownRoute(ServerRequest req, ServerResponse res) {
        res.header(Exchanges.REQUEST_ID, Exchanges.requestId(req));
        Exchanges.sendError(res, HttpErrors.notFound(req.prologue().method().text(), req.path().path()));
    }

    /**
     * Starts listening. Helidon does not throw when its listener cannot bind (the port is taken, the address is not
     * this machine's): it logs, returns, and reports port -1, which would leave a server that answers nothing. That
     * is an {@link IllegalArgumentException} naming the address and the keys that set it; the watcher's thread is
     * stopped on any failure.
     */
    public TiergateServer start() {
        try {
            probeBind(); // most failures caught here, before Helidon logs its own with a stack trace
            server.start();
            if (server.port() < 0) {
                server.stop();
                throw cannotListen("the address is in use or not this machine's");
            }
        } catch (RuntimeException | Error e) {
            watcher.close();
            throw e;
        }
        return this;
    }

    /** Binds and releases the configured address once (not for port 0, which any free port satisfies). */
    private void probeBind() {
        if (config.port() == 0) return;
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the listener binds: a port whose old connections linger in TIME_WAIT is free
            probe.bind(new java.net.InetSocketAddress(config.host(), config.port()));
        } catch (java.io.IOException | RuntimeException e) {
            throw cannotListen(e.getMessage());
        }
    }

    private IllegalArgumentException cannotListen(String reason) {
        return new IllegalArgumentException("cannot listen on " + config.host() + ":" + config.port() + ": " + reason
                + " (choose another with server.host / server.port, or --host / --port)");
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        watcher.close();
    }
}
