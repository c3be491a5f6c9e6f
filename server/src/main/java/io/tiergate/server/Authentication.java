package io.tiergate.server;

import io.tiergate.api.Caller;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, from the bearer token. With no keys configured everyone is {@link Caller#ANONYMOUS};
 * with keys, a missing or unknown token is a 401 and a model outside the key's list a 403.
 */
public interface Authentication {
    /** @throws io.tiergate.api.TiergateException 401 when the token is required and missing or invalid */
    Authenticated authenticate(Optional<String> bearerToken);

    /**
     * A verified caller, the models (public names or tier names) its key may ask for, the tiers its
     * requests may reach — empty means all, for each — and the model that stands for the key's default
     * ("auto" when none). Both lists apply: a model the key may ask for is still served only on its
     * allowed tiers, and "auto" routes among them alone.
     */
    record Authenticated(Caller caller, Set<String> allowedModels, Set<String> allowedTiers, String defaultModel) {
        public Authenticated {
            allowedModels = Set.copyOf(allowedModels);
            allowedTiers = Set.copyOf(allowedTiers);
        }

        /** A caller restricted to models (or tiers named in the model list) only. */
        public Authenticated(Caller caller, Set<String> allowedModels, String defaultModel) {
            this(caller, allowedModels, Set.of(), defaultModel);
        }

        /** May ask for {@code model}, served on {@code tier} (the tier's name stands for all its models). */
        public boolean allowsModel(String model, String tier) {
            return allowedModels.isEmpty() || allowedModels.contains(model) || allowedModels.contains(tier);
        }

        public boolean allowsTier(String tier) {
            return allowedTiers.isEmpty() || allowedTiers.contains(tier);
        }
    }

    Authentication OPEN = token -> new Authenticated(Caller.ANONYMOUS, Set.of(), "auto");
}
