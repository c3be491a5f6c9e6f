package io.tiergate.gateway;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.Locality;
import io.tiergate.api.TierRef;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A configured tier: its name, its rank (0 = cheapest), the backend that serves it (usually a replica
 * pool over several servers), the public model names it serves (the first is its default model), and
 * the infos of its replicas, which the residency policy judges one by one.
 */
public record Tier(String name, int rank, Backend backend, List<String> models, List<BackendInfo> replicas) {
    public Tier {
        models = List.copyOf(models);
        replicas = List.copyOf(replicas);
        if (models.isEmpty()) throw new IllegalArgumentException("tier '" + name + "' serves no model");
    }

    public String defaultModel() {
        return models.getFirst();
    }

    public Set<Locality> localities() {
        return replicas.stream().map(BackendInfo::locality).collect(Collectors.toUnmodifiableSet());
    }

    public TierRef ref() {
        return new TierRef(name, rank, localities());
    }
}
