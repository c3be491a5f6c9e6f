package io.tiergate.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a requested model name: {@code auto} goes to the router; a tier name means that tier's
 * default model; {@code tier/model} that tier and model; an alias what it stands for; any other name
 * the cheapest tier that serves it. A tier whose models include {@code "*"} accepts any model name
 * in the {@code tier/model} form. Unknown names are a 404.
 */
public final class ModelResolver {
    public static final String AUTO = "auto";

    private final List<Tier> tiers;
    private final Map<String, Tier> byName = new LinkedHashMap<>();
    private final Map<String, String> aliases;
    private final WildcardModelLabels labels;

    public ModelResolver(List<Tier> tiersCheapestFirst, Map<String, String> aliases) {
        this.tiers = List.copyOf(tiersCheapestFirst);
        for (Tier t : tiers) byName.put(t.name(), t);
        this.aliases = Map.copyOf(aliases);
        this.labels = new WildcardModelLabels(tiers, this.aliases);
    }

    /**
     * The {@code model} label of metrics of a call {@code tier} serves with {@code model}: the name itself,
     * but past {@value WildcardModelLabels#MAX_NAMES_PER_TIER} client-chosen names of a wildcard tier
     * {@code "(other)"}, so clients cannot grow the metrics without bound.
     */
    public String modelLabel(String tier, String model) {
        return labels.label(tier, model);
    }

    public ModelTarget resolve(String model) {
        return resolve(model, 0);
    }

    private ModelTarget resolve(String model, int depth) {
        if (model.equals(AUTO)) return new ModelTarget.Auto();
        if (depth < 4 && aliases.containsKey(model)) return resolve(aliases.get(model), depth + 1);
        Tier tier = byName.get(model);
        if (tier != null) return new ModelTarget.Explicit(tier, tier.defaultModel(), "tier '" + tier.name() + "' named explicitly");
        int slash = model.indexOf('/');
        if (slash > 0) {
            Tier t = byName.get(model.substring(0, slash));
            String rest = model.substring(slash + 1);
            if (t != null && (t.models().contains(rest) || t.models().contains("*")) && !rest.isEmpty()) {
                return new ModelTarget.Explicit(t, rest, "model '" + rest + "' of tier '" + t.name() + "' named explicitly");
            }
        }
        for (Tier t : tiers) {
            if (t.models().contains(model)) {
                return new ModelTarget.Explicit(t, model, "model '" + model + "' is served by tier '" + t.name() + "'");
            }
        }
        throw new ModelNotFoundException(model);
    }

    /** Every name a client may use, for {@code GET /v1/models}: auto, aliases, tiers and tier/model pairs. */
    public List<String> publicModelNames() {
        List<String> names = new ArrayList<>();
        names.add(AUTO);
        names.addAll(aliases.keySet());
        for (Tier t : tiers) {
            names.add(t.name());
            for (String m : t.models()) {
                if (!m.equals("*")) names.add(t.name() + "/" + m);
            }
        }
        return names;
    }

    public List<Tier> tiers() {
        return tiers;
    }

    public java.util.Optional<Tier> tier(String name) {
        return java.util.Optional.ofNullable(byName.get(name));
    }
}
