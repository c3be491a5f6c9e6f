package io.tiergate.gateway.audit;

import io.tiergate.api.Ledger;
import io.tiergate.api.LedgerEntry;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.RouteInfo;
import io.tiergate.gateway.limits.ExchangeCost;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes one ledger entry per finished call, chat or embedding: who, what was decided, tokens, timings,
 * cost on the model used and the counterfactual cost on the baseline frontier model, and the max-tokens
 * clamp when the edge bound a {@link NoticeRecorder}. Prompt and completion text only when {@code storeText}. {@link Ledger#record} only enqueues, so this stays off the I/O path.
 */
public final class LedgerRecorder implements ExchangeListener {
    private final Ledger ledger;
    private final ExchangeCost costs;
    private final boolean storeText;

    /** {@code costs} is the pricing the budgets and metrics use too, so all three agree. */
    public LedgerRecorder(Ledger ledger, ExchangeCost costs, boolean storeText) {
        this.ledger = ledger;
        this.costs = costs;
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
        return new LedgerEntry(e.start(), e.requestId(), e.caller().keyId(),
                e.caller().team(), e.caller().workflow(), e.caller().step(), e.request().model(), modelUsed,
                route.map(RouteInfo::tier).orElse("none"), route.map(RouteInfo::backend).orElse("none"),
                route.flatMap(RouteInfo::score), route.map(RouteInfo::reason).orElse(e.errorCode().orElse("")),
                e.policy() + ":" + e.policyVerdict(), e.detectedTypes(), e.usage(), e.timeToFirstToken(), e.latency(),
                e.status(), e.errorCode(), costs.costMicros(e), costs.counterfactualMicros(e),
                storeText ? Optional.of(e.request().messages().stream().map(m -> m.role().wireName() + ": " + m.text())
                        .collect(Collectors.joining("\n"))) : Optional.empty(),
                storeText ? e.response().map(r -> r.text()) : Optional.empty(),
                e.embedding() ? LedgerEntry.Kind.EMBEDDING : LedgerEntry.Kind.CHAT, NoticeRecorder.ofThisCall());
    }
}
