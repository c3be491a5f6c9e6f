package io.tiergate.api;

import java.util.Optional;

/**
 * Who sent a request: the virtual key's id (not the secret), its team, and, for workflow steps, the
 * workflow and step names. {@code policy} names the residency policy attached to the key, if any.
 */
public record Caller(String keyId, Optional<String> team, Optional<String> workflow, Optional<String> step,
                     Optional<String> policy) {
    public static final Caller ANONYMOUS = new Caller("anonymous", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
