package io.tiergate.gateway;

import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.DifficultyScorer;
import io.tiergate.api.PolicyDecision;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.Router;
import io.tiergate.api.TierRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a resolved model name and a policy verdict into a {@link TierPlan}. Only tiers with a replica
 * the policy admits take part (and only those replicas serve), so no fallback can cross the policy. {@code auto} goes through
 * the router when one is configured, else to the default tier with the other allowed tiers as fallbacks.
 */
public final class TierPlanner {
    private final List<Tier> tiers;
    private final ResidencyPolicy policy;
    private final Optional<DifficultyScorer> scorer;
    private final Optional<Router> router;
    private final String defaultTier;

    public TierPlanner(List<Tier> tiersCheapestFirst, ResidencyPolicy policy, Optional<DifficultyScorer> scorer,
                       Optional<Router> router, String defaultTier) {
        this.tiers = List.copyOf(tiersCheapestFirst);
        this.policy = policy;
        this.scorer = scorer;
        this.router = router;
        this.defaultTier = defaultTier;
        if (!tiers.isEmpty() && tiers.stream().noneMatch(t -> t.name().equals(defaultTier))) {
            throw new IllegalArgumentException("default tier '" + defaultTier + "' is not a configured tier");
        }
    }

    public TierPlan plan(PolicyDecision.Allowed decision, ModelTarget target, RequestOptions options) {
        if (tiers.isEmpty()) {
            throw new io.tiergate.api.TiergateException(503, "service_unavailable", "No model tier is configured: pull a "
                    + "model ('./tiergate pull qwen3:0.6b') or add tiers to tiergate.yaml.", Optional.of("no_tiers"),
                    Optional.empty(), java.util.Map.of());
        }
        List<Tier> allowed = tiers.stream().filter(t -> admits(decision, t)).toList();
        return switch (target) {
            case ModelTarget.Explicit e -> {
                requireKeyAllows(options, e.tier());
                requireAllowed(decision, e.tier(), allowed);
                yield new TierPlan(List.of(new TierPlan.Step(e.tier(), e.model())), e.how(), Optional.empty());
            }
            case ModelTarget.Auto a -> planAuto(decision, allowed, options);
        };
    }

    private TierPlan planAuto(PolicyDecision.Allowed decision, List<Tier> allowed, RequestOptions options) {
        if (options.pinnedTier().isPresent()) {
            Tier pinned = named(options.pinnedTier().get(), "x-tiergate-tier");
            requireKeyAllows(options, pinned);
            requireAllowed(decision, pinned, allowed);
            return new TierPlan(List.of(step(pinned)), "tier '" + pinned.name() + "' pinned by request header", Optional.empty());
        }
        List<Tier> candidates = allowed.stream().filter(t -> options.keyAllows(t.name())).toList();
        if (candidates.isEmpty() && !allowed.isEmpty()) {
            throw keyForbids("No tier this key may use (" + String.join(", ", options.allowedTiers().stream().sorted().toList())
                    + ") may serve this request under policy '" + decision.policy() + "'.");
        }
        if (options.maxTier().isPresent()) {
            Tier cap = named(options.maxTier().get(), "x-tiergate-max-tier");
            candidates = candidates.stream().filter(t -> t.rank() <= cap.rank()).toList(); // within the key's tiers too
        }
        if (candidates.isEmpty()) {
            throw new PolicyDeniedException("No configured tier may serve this request under policy '" + decision.policy()
                    + "' (allowed localities: " + localities(decision) + ")" + options.maxTier().map(m -> " at or below tier '" + m + "'").orElse("") + ".");
        }
        if (scorer.isPresent() && router.isPresent()) {
            ChatRequest request = decision.request();
            Difficulty difficulty = scorer.get().score(request);
            List<TierRef> refs = candidates.stream().map(Tier::ref).toList();
            RoutePlan plan = router.get().plan(request, difficulty, refs);
            List<TierPlan.Step> steps = new ArrayList<>();
            for (String name : plan.tiers()) {
                candidates.stream().filter(t -> t.name().equals(name)).findFirst().ifPresent(t -> steps.add(step(t)));
            }
            if (steps.isEmpty()) steps.add(step(candidates.getFirst()));
            return new TierPlan(steps, plan.reason(), Optional.of(difficulty.score()));
        }
        List<TierPlan.Step> steps = new ArrayList<>();
        candidates.stream().filter(t -> t.name().equals(defaultTier)).findFirst().ifPresent(t -> steps.add(step(t)));
        candidates.stream().filter(t -> !t.name().equals(defaultTier)).forEach(t -> steps.add(step(t)));
        String reason = steps.getFirst().tier().name().equals(defaultTier)
                ? "no router configured: default tier '" + defaultTier + "'"
                : "no router configured; default tier '" + defaultTier + "' not allowed by policy '" + decision.policy()
                  + "', cheapest allowed tier instead";
        return new TierPlan(steps, reason, Optional.empty());
    }

    /** A tier takes part when the policy admits at least one of its replicas; the pool then uses only those. */
    private boolean admits(PolicyDecision.Allowed decision, Tier tier) {
        return tier.replicas().stream().anyMatch(info -> policy.admits(decision, info));
    }

    private static void requireAllowed(PolicyDecision.Allowed decision, Tier tier, List<Tier> allowed) {
        if (!allowed.contains(tier)) {
            String found = decision.detectedTypes().isEmpty() ? "" : " (sensitive data found: " + String.join(", ", decision.detectedTypes()) + ")";
            throw new PolicyDeniedException("Policy '" + decision.policy() + "' does not allow tier '" + tier.name()
                    + "' (" + tier.localities().stream().map(l -> l.configName()).sorted().collect(Collectors.joining(", "))
                    + ") for this request" + found + "; allowed localities: " + localities(decision) + ".");
        }
    }

    /** The edge checks explicit models against the key too; this guards every way a plan names a tier. */
    private static void requireKeyAllows(RequestOptions options, Tier tier) {
        if (!options.keyAllows(tier.name())) {
            throw keyForbids("This key may not use tier '" + tier.name() + "'; allowed tiers: "
                    + String.join(", ", options.allowedTiers().stream().sorted().toList()) + ".");
        }
    }

    private static io.tiergate.api.TiergateException keyForbids(String message) {
        return new io.tiergate.api.TiergateException(403, "permission_error", message, Optional.of("tier_not_allowed"),
                Optional.empty(), java.util.Map.of());
    }

    private Tier named(String name, String header) {
        return tiers.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new io.tiergate.api.InvalidRequestException("Header " + header + " names unknown tier '"
                        + name + "'; configured tiers: " + tiers.stream().map(Tier::name).collect(Collectors.joining(", ")) + ".", header));
    }

    private static String localities(PolicyDecision.Allowed decision) {
        return decision.localities().stream().map(l -> l.configName()).sorted().collect(Collectors.joining(", "));
    }

    private static TierPlan.Step step(Tier t) {
        return new TierPlan.Step(t, t.defaultModel());
    }

}
