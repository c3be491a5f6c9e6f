package io.tiergate.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.tiergate.api.TiergateException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /metrics}, Prometheus text format. Model names, tiers and spend per key and team are the operator's
 * business, so a scrape needs: the master key once {@code server.master-key} is set (a virtual key is not enough);
 * without a master key, any valid, non-revoked virtual key once keys exist (as the model routes do); nothing only
 * while the gateway itself is open (no master key, no key ever created: the laptop default).
 */
final class MetricsHandler implements Handler {
    private final Optional<String> masterKey;
    private final Authentication auth;
    private final GatewayMetrics metrics;
    private final PrometheusTextFormatWriter prometheus = PrometheusTextFormatWriter.create();

    MetricsHandler(Optional<String> masterKey, Authentication auth, GatewayMetrics metrics) {
        this.masterKey = masterKey;
        this.auth = auth;
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<String> bearer = Exchanges.bearer(req);
        try {
            if (MasterKey.configured(masterKey)) {
                if (!MasterKey.matches(masterKey, bearer)) {
                    throw HttpErrors.unauthorized("/metrics needs the master key once one is configured: send "
                            + "'Authorization: Bearer <server.master-key>'.");
                }
            } else {
                // 401 for a missing, unknown or revoked key once virtual keys exist; open while the gateway is
                auth.authenticate(bearer);
            }
        } catch (TiergateException e) {
            Exchanges.sendError(res, e);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE);
        try (OutputStream out = res.outputStream()) {
            prometheus.write(out, metrics.registry().scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
