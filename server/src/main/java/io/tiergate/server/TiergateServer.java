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
    private final ClientDisconnectWatcher watcher = new ClientDisconnectWatcher(ClientDisconnectWatcher.PERIOD);

    public TiergateServer(ServerConfig config, Gateway gateway, Authentication auth, GatewayMetrics metrics,
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
        this.server = WebServer.builder()
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

    public TiergateServer start() {
        server.start();
        return this;
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
