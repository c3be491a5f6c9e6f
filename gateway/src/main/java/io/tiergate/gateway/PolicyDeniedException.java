package io.tiergate.gateway;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** 403: the residency policy forbids the request, or every tier that could serve it. */
public final class PolicyDeniedException extends TiergateException {
    public PolicyDeniedException(String message) {
        super(403, "permission_error", message, Optional.of("policy_denied"), Optional.empty(), Map.of());
    }
}
