package io.tiergate.gateway.audit;

import io.tiergate.api.Ledger;
import io.tiergate.api.LedgerEntry;
import io.tiergate.api.Locality;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.RouteInfo;
import io.tiergate.gateway.Tier;
import io.tiergate.ledger.price.CostCalculator;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes one ledger entry per finished chat call: who, what was decided, tokens, timings, cost on the
 * model used and the counterfactual cost on the baseline frontier model. Prompt and completion text
 * only when {@code storeText}. {@link Ledger#record} only enqueues, so this stays off the I/O path.
 */
public final class LedgerRecorder implements ExchangeListener {
    private final Ledger ledger;
    private final CostCalculator costs;
    private final Map<String, Tier> tiers;
    private final boolean storeText;

    public LedgerRecorder(Ledger ledger, CostCalculator costs, Iterable<Tier> tiers, boolean storeText) {
        this.ledger = ledger;
        this.costs = costs;
        this.tiers = java.util.stream.StreamSupport.stream(tiers.spliterator(), false)
                .collect(Collectors.toUnmodifiableMap(Tier::name, Function.identity()));
        this.storeText = storeText;
    }

    @Override
    public void onExchange(ChatExchange e) {
        ledger.record(entry(e));
    }

    LedgerEntry entry(ChatExchange e) {
        Optional<RouteInfo> route = e.route();
        String modelUsed = e.response().map(r -> r.model()).filter(m -> !m.isBlank())
                .orElse(route.map(RouteInfo::model).orElse(""));
        String tier = route.map(RouteInfo::tier).orElse("none");
        Locality locality = Optional.ofNullable(tiers.get(tier))
                .flatMap(t -> t.replicas().stream().map(r -> r.locality()).max(Enum::compareTo))
                .orElse(Locality.CLOUD);
        String priced = route.map(RouteInfo::model).orElse(modelUsed);
        double cost = e.usage().totalTokens() == 0 ? 0 : costs.costMicros(priced, locality, e.usage());
        double counterfactual = e.usage().totalTokens() == 0 ? 0 : costs.counterfactualMicros(e.usage());
        return new LedgerEntry(e.start(), e.requestId(), e.caller().keyId(),
                e.caller().team(), e.caller().workflow(), e.caller().step(), e.request().model(), modelUsed, tier,
                route.map(RouteInfo::backend).orElse("none"), route.flatMap(RouteInfo::score),
                route.map(RouteInfo::reason).orElse(e.errorCode().orElse("")), e.policy() + ":" + e.policyVerdict(),
                e.detectedTypes(), e.usage(), e.timeToFirstToken(), e.latency(), e.status(), e.errorCode(), cost,
                counterfactual,
                storeText ? Optional.of(e.request().messages().stream().map(m -> m.role().wireName() + ": " + m.text())
                        .collect(Collectors.joining("\n"))) : Optional.empty(),
                storeText ? e.response().map(r -> r.text()) : Optional.empty());
    }

}
