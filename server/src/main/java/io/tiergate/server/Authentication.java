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
     * A verified caller, the models (public names or tier names) its key may use — empty means all —
     * and the model that stands for the key's default ("auto" when none).
     */
    record Authenticated(Caller caller, Set<String> allowedModels, String defaultModel) {
        public Authenticated {
            allowedModels = Set.copyOf(allowedModels);
        }

        public boolean allows(String model, String tier) {
            return allowedModels.isEmpty() || allowedModels.contains(model) || allowedModels.contains(tier);
        }
    }

    Authentication OPEN = token -> new Authenticated(Caller.ANONYMOUS, Set.of(), "auto");
}
