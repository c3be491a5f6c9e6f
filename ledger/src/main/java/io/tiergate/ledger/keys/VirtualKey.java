package io.tiergate.ledger.keys;

import io.tiergate.api.Caller;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A virtual API key as stored (never its secret). {@code id} is the public prefix of the secret
 * ({@code tg-} and 8 characters) and is what the ledger records as the caller's key.
 */
public record VirtualKey(String id, String name, Optional<String> team, Optional<String> policy,
                         List<String> allowedModels, List<String> allowedTiers, KeyLimits limits, Instant createdAt,
                         Optional<Instant> revokedAt) {

    public VirtualKey {
        allowedModels = List.copyOf(allowedModels);
        allowedTiers = List.copyOf(allowedTiers);
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    public boolean allowsModel(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    public boolean allowsTier(String tier) {
        return allowedTiers.isEmpty() || allowedTiers.contains(tier);
    }

    /** The caller identity the gateway passes on (no workflow or step: those come from the request). */
    public Caller caller() {
        return new Caller(id, team, Optional.empty(), Optional.empty(), policy);
    }
}
