package io.tiergate.gateway.limits;

import io.tiergate.api.Locality;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.RouteInfo;
import io.tiergate.gateway.Tier;
import io.tiergate.ledger.price.CostCalculator;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Money of one chat call in micro-dollars, priced the way the ledger prices it: the model the route
 * asked the tier for, at the tier's locality (the most remote replica decides: a tier that may reach the
 * cloud is priced as cloud), and the counterfactual on the baseline model. Budgets and metrics use this
 * so they agree with the ledger.
 */
public final class ExchangeCost {
    private final CostCalculator costs;
    private final Map<String, Tier> tiers;
    /** Each tier's priced locality, computed once: it was a stream over the replicas per call. */
    private final Map<String, Locality> localities;

    public ExchangeCost(CostCalculator costs, Collection<Tier> tiers) {
        this.costs = costs;
        this.tiers = tiers.stream().collect(Collectors.toUnmodifiableMap(Tier::name, Function.identity()));
        this.localities = tiers.stream().collect(Collectors.toUnmodifiableMap(Tier::name,
                t -> t.localities().stream().max(Enum::compareTo).orElse(Locality.CLOUD)));
    }

    /** What the call cost; 0 when it used no tokens (denied, failed before the upstream answered). */
    public double costMicros(ChatExchange e) {
        if (e.usage().totalTokens() == 0) return 0;
        return costs.costMicros(model(e), locality(e.route().map(RouteInfo::tier).orElse("none")), e.usage());
    }

    /** What the call counts against a key's budget: {@link #costMicros}, an unpriced cloud model at the baseline's price. */
    public double budgetMicros(ChatExchange e) {
        if (e.usage().totalTokens() == 0) return 0;
        return costs.budgetMicros(model(e), locality(e.route().map(RouteInfo::tier).orElse("none")), e.usage());
    }

    private static String model(ChatExchange e) {
        return e.route().map(RouteInfo::model).orElseGet(() -> e.response().map(r -> r.model()).orElse(e.request().model()));
    }

    /**
     * What the same tokens would have cost on the baseline model. An embedding claims no saving (its
     * counterfactual is what it cost): the baseline is a chat model, and vectors of one embedding
     * model do not stand in for another's.
     */
    public double counterfactualMicros(ChatExchange e) {
        if (e.usage().totalTokens() == 0) return 0;
        return e.embedding() ? costMicros(e) : costs.counterfactualMicros(e.usage());
    }

    /** The locality a tier is priced at; an unknown tier is priced as cloud. */
    public Locality locality(String tier) {
        return localities.getOrDefault(tier, Locality.CLOUD);
    }

    /** Upper estimate of a call on {@code tier} asking for {@code model}. */
    public long estimateMicros(Tier tier, String model, long promptTokens, long maxCompletionTokens) {
        return costs.estimateMicros(model, locality(tier.name()), promptTokens, maxCompletionTokens);
    }

    public Collection<Tier> tiers() {
        return tiers.values();
    }
}
