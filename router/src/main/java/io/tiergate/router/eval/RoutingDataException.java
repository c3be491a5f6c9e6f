package io.tiergate.router.eval;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** A routing-evaluation file cannot be used: unreadable, a line with missing fields, unknown model names. */
public final class RoutingDataException extends TiergateException {
    public RoutingDataException(String message) {
        super(400, "invalid_request_error", message, Optional.of("invalid_routing_data"), Optional.empty(), Map.of());
    }
}
