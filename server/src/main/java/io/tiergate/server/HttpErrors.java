package io.tiergate.server;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** The edge's own errors (body limits, auth, unknown routes), as TiergateExceptions. */
final class HttpErrors {
    private HttpErrors() {}

    static TiergateException tooLarge(long limitBytes) {
        return new TiergateException(413, "invalid_request_error", "Request body exceeds the limit of " + limitBytes
                + " bytes (server.max-body-bytes).", Optional.of("request_too_large"), Optional.empty(), Map.of());
    }

    static TiergateException unauthorized(String message) {
        return new TiergateException(401, "authentication_error", message, Optional.of("invalid_api_key"),
                Optional.empty(), Map.of("www-authenticate", "Bearer"));
    }

    static TiergateException forbidden(String message) {
        return new TiergateException(403, "permission_error", message, Optional.of("model_not_allowed"), Optional.of("model"), Map.of());
    }

    /** The key may ask for the model, but not reach the tier that serves it. */
    static TiergateException tierForbidden(String message) {
        return new TiergateException(403, "permission_error", message, Optional.of("tier_not_allowed"), Optional.of("model"), Map.of());
    }

    static TiergateException notFound(String method, String path) {
        return new TiergateException(404, "invalid_request_error", "Unknown route " + method + " " + path
                + ". Tiergate serves POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models, GET /health, GET /ready, GET /metrics.",
                Optional.of("unknown_url"), Optional.empty(), Map.of());
    }

    static TiergateException internal(String requestId) {
        return new TiergateException(500, "server_error", "Internal error in Tiergate (request " + requestId
                + "); the server log has the details.", Optional.of("internal_error"), Optional.empty(), Map.of());
    }
}
