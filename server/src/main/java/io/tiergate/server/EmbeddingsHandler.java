package io.tiergate.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.TiergateException;
import io.tiergate.backends.openai.OpenAiJson;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.RequestOptions;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code POST /v1/embeddings}. */
final class EmbeddingsHandler implements Handler {
    private static final Logger LOG = Logger.getLogger(EmbeddingsHandler.class.getName());

    private final Gateway gateway;
    private final Authentication auth;
    private final long maxBodyBytes;

    EmbeddingsHandler(Gateway gateway, Authentication auth, long maxBodyBytes) {
        this.gateway = gateway;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String requestId = Exchanges.requestId(req);
        res.header(Exchanges.REQUEST_ID, requestId);
        try {
            Authentication.Authenticated who = auth.authenticate(Exchanges.bearer(req));
            EmbeddingRequest request = OpenAiJson.readEmbeddingRequest(Exchanges.body(req, maxBodyBytes));
            Exchanges.checkAllowed(gateway, who, request.model());
            // the admission's headers (x-ratelimit-*) go onto this response, as for chat
            Consumer<Map<String, String>> headers = h -> h.forEach(res::header);
            Gateway.EmbeddingResult result = ScopedValue.where(Admission.RESPONSE_HEADERS, headers)
                    .call(() -> gateway.embed(request, who.caller(),
                            new RequestOptions(requestId, Optional.empty(), Optional.empty(), who.allowedTiers())));
            Exchanges.routeHeaders(res, result.route());
            res.header(HeaderNames.CONTENT_TYPE, Exchanges.JSON);
            boolean base64 = request.passthroughJson().getOrDefault("encoding_format", "").contains("base64");
            res.send(OpenAiJson.writeEmbeddingResponse(result.embeddings(), base64));
        } catch (TiergateException e) {
            Exchanges.noRouteHeaders(res, e.code().orElse(e.type()));
            Exchanges.sendError(res, e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "request " + requestId + " failed unexpectedly", e);
            Exchanges.sendError(res, HttpErrors.internal(requestId));
        }
    }
}
