package io.tiergate.gateway;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The value of the {@code model} label of a routed call's metrics, bounded. A tier whose models include
 * {@code "*"} accepts any name in the {@code tier/model} form, and that name is the client's: labelled as it
 * came, a client sending a new name per request would add series without end (memory, and a {@code /metrics}
 * that grows without bound). So the first {@link #MAX_NAMES_PER_TIER} distinct names a wildcard tier serves
 * keep their own label, and later ones share {@link #OTHER}. Names the operator configured (the tier's own
 * models, alias targets) are bounded already and always keep their names, as do all names of tiers without a
 * wildcard. The ledger keeps the real name: it is data, not a label.
 */
final class WildcardModelLabels {
    /** Distinct wildcard-served names per tier labelled by their own name; enough for a team's real models. */
    static final int MAX_NAMES_PER_TIER = 100;
    /** The same value {@code GatewayMetrics} gives names of unrouted calls past its cap: one "other" bucket to read. */
    static final String OTHER = "(other)";

    /** Per wildcard tier: the names the operator configured for it (its models, alias targets). */
    private final Map<String, Set<String>> configured;
    /** Per wildcard tier: the client-chosen names labelled as themselves so far, at most {@link #MAX_NAMES_PER_TIER}. */
    private final Map<String, Set<String>> admitted = new HashMap<>();

    WildcardModelLabels(List<Tier> tiers, Map<String, String> aliases) {
        Map<String, Set<String>> names = new HashMap<>();
        for (Tier t : tiers) {
            if (!t.models().contains("*")) continue;
            Set<String> own = new HashSet<>(t.models());
            for (String target : aliases.values()) {
                if (target.startsWith(t.name() + "/")) own.add(target.substring(t.name().length() + 1));
            }
            names.put(t.name(), Set.copyOf(own));
            admitted.put(t.name(), ConcurrentHashMap.newKeySet());
        }
        configured = Map.copyOf(names);
    }

    /** {@code model} itself, or {@link #OTHER} once {@code tier}'s wildcard has labelled its share of names. */
    String label(String tier, String model) {
        Set<String> own = configured.get(tier);
        if (own == null || own.contains(model)) return model;
        Set<String> names = admitted.get(tier);
        if (names.contains(model)) return model;
        if (names.size() >= MAX_NAMES_PER_TIER) return OTHER;
        synchronized (names) { // a new name: rare (at most the cap per tier), and exact under races
            if (names.contains(model)) return model;
            if (names.size() >= MAX_NAMES_PER_TIER) return OTHER;
            names.add(model);
            return model;
        }
    }
}
