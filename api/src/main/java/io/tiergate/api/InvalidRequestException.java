package io.tiergate.api;

import java.util.Map;
import java.util.Optional;

/** 400: the request is malformed or a field is invalid; {@code param} names the field. */
public final class InvalidRequestException extends TiergateException {
    public InvalidRequestException(String message, String param) {
        super(400, "invalid_request_error", message, Optional.of("invalid_value"), Optional.ofNullable(param), Map.of());
    }

    public InvalidRequestException(String message, String param, String code) {
        super(400, "invalid_request_error", message, Optional.of(code), Optional.ofNullable(param), Map.of());
    }
}
