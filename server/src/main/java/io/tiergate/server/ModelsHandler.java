package io.tiergate.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.TiergateException;
import io.tiergate.gateway.ModelResolver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code GET /v1/models}: every name a client may send (auto, aliases, tiers, tier/model), OpenAI's list shape. */
final class ModelsHandler implements Handler {
    private static final JsonFactory JSON = new JsonFactory();
    private final ModelResolver models;
    private final Authentication auth;
    private final long createdEpochSeconds = System.currentTimeMillis() / 1000;

    ModelsHandler(ModelResolver models, Authentication auth) {
        this.models = models;
        this.auth = auth;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(Exchanges.REQUEST_ID, Exchanges.requestId(req));
        try {
            auth.authenticate(Exchanges.bearer(req));
        } catch (TiergateException e) {
            Exchanges.sendError(res, e);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (String name : models.publicModelNames()) {
                g.writeStartObject();
                g.writeStringField("id", name);
                g.writeStringField("object", "model");
                g.writeNumberField("created", createdEpochSeconds);
                g.writeStringField("owned_by", "tiergate");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HeaderNames.CONTENT_TYPE, Exchanges.JSON);
        res.send(out.toByteArray());
    }
}
