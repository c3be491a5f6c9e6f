package io.tiergate.store;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/**
 * A model-store failure a person can act on: unknown model or quantization, checksum mismatch,
 * unreachable or refusing Hub, full disk, missing permission. The message says what happened and
 * what exists or what to do; {@code code} is a stable machine-readable tag.
 */
public final class ModelStoreException extends TiergateException {

    private ModelStoreException(int status, String type, String code, String message) {
        super(status, type, message, Optional.of(code), Optional.of("model"), Map.of());
    }

    /** 404: no such repository, file, quantization or stored model. */
    public static ModelStoreException notFound(String message) {
        return new ModelStoreException(404, "not_found_error", "model_not_found", message);
    }

    /** 400: the model reference or file cannot be used as given. */
    public static ModelStoreException invalid(String message) {
        return new ModelStoreException(400, "invalid_request_error", "invalid_model_ref", message);
    }

    /** 401: the repository is gated or private and the token is missing or refused. */
    public static ModelStoreException gated(String message) {
        return new ModelStoreException(401, "authentication_error", "gated_repo", message);
    }

    /** 502: the Hub (or its CDN) answered wrongly, or the bytes did not match the published checksum. */
    public static ModelStoreException upstream(String code, String message) {
        return new ModelStoreException(502, "upstream_error", code, message);
    }

    /** 503: the Hub could not be reached at all. */
    public static ModelStoreException offline(String message) {
        return new ModelStoreException(503, "upstream_error", "hub_unreachable", message);
    }

    /** 507/500: the local store cannot be written (disk full, permission denied, not a directory). */
    public static ModelStoreException storage(String message) {
        return new ModelStoreException(507, "server_error", "store_not_writable", message);
    }
}
