package io.tiergate.backends;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** 502: an upstream answered with something that is not its protocol (bad JSON, missing fields). */
public final class UpstreamProtocolException extends TiergateException {
    public UpstreamProtocolException(String message) {
        super(502, "upstream_error", message, Optional.of("upstream_protocol_error"), Optional.empty(), Map.of());
    }
}
