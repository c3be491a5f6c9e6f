package io.tiergate.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: the process is up. {@code GET /ready}: it can serve — start-up finished and at
 * least one tier has a live backend (503 until then).
 */
final class HealthHandlers {
    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_READY = "{\"status\":\"not_ready\"}".getBytes(StandardCharsets.US_ASCII);

    private final BooleanSupplier ready;

    HealthHandlers(BooleanSupplier ready) {
        this.ready = ready;
    }

    void health(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, Exchanges.JSON);
        res.send(OK);
    }

    void ready(ServerRequest req, ServerResponse res) {
        boolean r = ready.getAsBoolean();
        res.status(r ? 200 : 503);
        res.header(HeaderNames.CONTENT_TYPE, Exchanges.JSON);
        res.send(r ? READY : NOT_READY);
    }
}
