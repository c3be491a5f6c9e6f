package io.tiergate.cli.config;

import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.pool.PoolConfig;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One tier: a name, its backends (replicas serving the same models, load-balanced), and the public
 * model names it serves — by default the keys of its backends' {@code models} maps; the first is the
 * tier's default model. {@code "*"} lets clients ask this tier for any model as {@code tier/model}.
 * {@code pool} says how its replicas are retried, health-checked and ejected.
 */
public record TierConfig(String name, List<BackendConfig> backends, List<String> models, PoolConfig pool) {
    public TierConfig {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.\\-]*")) {
            throw new IllegalArgumentException("name must be lower-case letters, digits, '-', '_' or '.', got '" + name + "'");
        }
        if (name.equals("auto")) throw new IllegalArgumentException("name 'auto' is reserved for the router");
        backends = backends == null ? List.of() : List.copyOf(backends);
        if (backends.isEmpty()) throw new IllegalArgumentException("tier '" + name + "' needs at least one backend");
        Set<String> served = new LinkedHashSet<>(models == null ? List.of() : models);
        if (served.isEmpty()) backends.forEach(b -> served.addAll(b.models().keySet()));
        if (served.isEmpty()) {
            throw new IllegalArgumentException("tier '" + name + "' serves no model: list them under models, "
                    + "or give its backends a models map (public name: upstream name)");
        }
        models = List.copyOf(served);
        pool = pool == null ? PoolConfig.defaults() : pool;
    }
}
