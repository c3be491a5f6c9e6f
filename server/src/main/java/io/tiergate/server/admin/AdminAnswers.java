package io.tiergate.server.admin;

import io.tiergate.backends.openai.OpenAiJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.TiergateException;
import io.tiergate.server.KeyAuthentication;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the admin and audit routes share: the master-key check, JSON in and out, OpenAI-shaped errors. */
final class AdminAnswers {
    private static final Logger LOG = Logger.getLogger(AdminAnswers.class.getName());
    static final ObjectMapper JSON = new ObjectMapper();
    /** Admin bodies are a few hundred bytes; anything far larger is a mistake. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private AdminAnswers() {}

    /** A handler body that may throw; TiergateExceptions become their OpenAI-shaped answer. */
    interface Route {
        void handle(ServerRequest req, ServerResponse res) throws Exception;
    }

    static Handler guarded(Route route) {
        return (req, res) -> {
            try {
                route.handle(req, res);
            } catch (TiergateException e) {
                sendError(res, e);
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "admin route " + req.path().path() + " failed", e);
                sendError(res, new TiergateException(500, "server_error", "Internal error in Tiergate's admin API; the server log has the details.",
                        Optional.of("internal_error"), Optional.empty(), Map.of()));
            }
        };
    }

    static Optional<String> bearer(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim());
    }

    /** Passes only with the master key; says why otherwise (none configured, missing, wrong). */
    static void requireMaster(KeyAuthentication auth, ServerRequest req) {
        if (!auth.masterKeyConfigured()) {
            throw unauthorized("The admin API is off: set server.master-key in the configuration (or use 'tiergate keys').");
        }
        Optional<String> token = bearer(req);
        if (token.isEmpty()) throw unauthorized("The admin API needs the master key: send 'Authorization: Bearer <server.master-key>'.");
        if (!auth.isMaster(token)) throw unauthorized("Wrong master key for the admin API.");
    }

    static TiergateException unauthorized(String message) {
        return new TiergateException(401, "authentication_error", message, Optional.of("invalid_api_key"), Optional.empty(),
                Map.of("www-authenticate", "Bearer"));
    }

    static TiergateException notFound(String message) {
        return new TiergateException(404, "invalid_request_error", message, Optional.of("not_found"), Optional.empty(), Map.of());
    }

    static TiergateException forbidden(String message, String param) {
        return new TiergateException(403, "permission_error", message, Optional.of("forbidden"), Optional.of(param), Map.of());
    }

    /** The request body as a JSON object, refusing more than {@link #MAX_BODY_BYTES} and anything not an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(ServerRequest req) {
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new TiergateException(413, "invalid_request_error", "Admin request body exceeds " + MAX_BODY_BYTES + " bytes.",
                    Optional.of("request_too_large"), Optional.empty(), Map.of());
        }
        Object parsed;
        try {
            parsed = JSON.readValue(body, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRequestException("The body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(parsed instanceof Map<?, ?> map)) throw new InvalidRequestException("The body must be a JSON object.", null);
        return (Map<String, Object>) map;
    }

    static void sendJson(ServerResponse res, int status, Object value) throws JsonProcessingException {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(JSON.writeValueAsBytes(value));
    }

    static void sendError(ServerResponse res, TiergateException e) {
        res.status(Status.create(e.status()));
        e.headers().forEach(res::header);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.writeError(e));
    }

    /** A query parameter, empty when absent or blank. */
    static Optional<String> query(ServerRequest req, String name) {
        return req.query().contains(name) ? Optional.of(req.query().get(name)).filter(v -> !v.isBlank()) : Optional.empty();
    }
}
