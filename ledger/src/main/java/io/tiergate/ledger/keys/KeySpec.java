package io.tiergate.ledger.keys;

import io.tiergate.api.InvalidRequestException;

import java.util.List;
import java.util.Optional;

/**
 * What to create a key with. Empty {@code allowedModels}/{@code allowedTiers} allow every model/tier;
 * {@code policy} names the residency policy applied to the key's requests.
 */
public record KeySpec(String name, Optional<String> team, Optional<String> policy, List<String> allowedModels,
                      List<String> allowedTiers, KeyLimits limits) {

    public KeySpec {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("a key needs a name", "name");
        }
        if (name.length() > 200) {
            throw new InvalidRequestException("the key name is longer than 200 characters", "name");
        }
        team = team == null ? Optional.empty() : team.filter(t -> !t.isBlank());
        policy = policy == null ? Optional.empty() : policy.filter(p -> !p.isBlank());
        allowedModels = clean(allowedModels, "allowed_models");
        allowedTiers = clean(allowedTiers, "allowed_tiers");
        limits = limits == null ? KeyLimits.NONE : limits;
    }

    public static KeySpec named(String name) {
        return new KeySpec(name, Optional.empty(), Optional.empty(), List.of(), List.of(), KeyLimits.NONE);
    }

    private static List<String> clean(List<String> values, String param) {
        if (values == null) {
            return List.of();
        }
        List<String> out = values.stream().map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
        if (out.stream().anyMatch(v -> v.contains(","))) {
            throw new InvalidRequestException(param + " entries must not contain ','", param);
        }
        return out;
    }
}
