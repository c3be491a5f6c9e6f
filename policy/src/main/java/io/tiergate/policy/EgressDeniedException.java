package io.tiergate.policy;

import io.tiergate.api.TiergateException;
import java.util.Map;
import java.util.Optional;

/** 403: an outbound connection to a host:port that no configured backend uses. */
public final class EgressDeniedException extends TiergateException {
    public EgressDeniedException(String message) {
        super(403, "permission_error", message, Optional.of("egress_denied"), Optional.empty(), Map.of());
    }
}
