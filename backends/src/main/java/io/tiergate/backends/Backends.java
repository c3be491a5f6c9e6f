package io.tiergate.backends;

import io.tiergate.api.Backend;
import io.tiergate.backends.anthropic.AnthropicBackend;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.backends.pool.PoolConfig;
import io.tiergate.backends.pool.ReplicaPool;

import java.util.List;

/** Builds backends from configuration. */
public final class Backends {
    private Backends() {}

    /** One remote backend of the configured kind (openai or anthropic). */
    public static Backend create(BackendConfig config) {
        return switch (config.kind()) {
            case "openai" -> new OpenAiCompatibleBackend(config);
            case "anthropic" -> new AnthropicBackend(config);
            default -> throw new IllegalArgumentException("unknown backend kind '" + config.kind() + "'");
        };
    }

    /** A tier: its replicas behind one pool named after the tier. */
    public static ReplicaPool pool(String tierName, List<BackendConfig> replicas, PoolConfig config) {
        return new ReplicaPool(tierName, replicas.stream().map(Backends::create).toList(), config);
    }
}
