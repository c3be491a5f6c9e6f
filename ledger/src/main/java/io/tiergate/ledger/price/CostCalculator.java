package io.tiergate.ledger.price;

import io.tiergate.api.Locality;
import io.tiergate.api.ModelPrice;
import io.tiergate.api.Usage;
import io.tiergate.ledger.LedgerConfig;

/**
 * Cost of a request in micro-dollars, and its counterfactual: the same tokens on the baseline
 * (frontier) model. Savings = counterfactual − actual. In-process and LAN models cost the configured
 * local-tier price (amortised hardware/energy, default 0) unless the price table names them; an
 * unknown cloud model costs 0 and is reported by {@link #knowsPrice}.
 */
public final class CostCalculator {
    private final PriceTable prices;
    private final String baselineModel;
    private final ModelPrice baselinePrice;
    private final ModelPrice localTierPrice;

    public CostCalculator(PriceTable prices, String baselineModel, ModelPrice localTierPrice) {
        this.prices = prices;
        this.baselineModel = baselineModel;
        this.baselinePrice = prices.price(baselineModel).orElseThrow(() -> new IllegalArgumentException(
                "ledger.baseline-model '" + baselineModel + "' has no price; add it under ledger.prices"));
        this.localTierPrice = localTierPrice;
    }

    public static CostCalculator from(LedgerConfig config) {
        return new CostCalculator(new PriceTable(config.prices()), config.baselineModel(), config.localTierPrice());
    }

    public double costMicros(String model, Locality locality, Usage usage) {
        ModelPrice price = prices.price(model).orElse(locality == Locality.CLOUD ? ModelPrice.FREE : localTierPrice);
        return price.costMicros(usage);
    }

    /**
     * What a call counts against a key's budget: its cost, except that a cloud model without a price costs
     * the baseline model's — it costs the business something, and pricing it at 0 let a client name any
     * unpriced model behind a wildcard tier ({@code models: ["*"]}) and spend without limit.
     */
    public double budgetMicros(String model, Locality locality, Usage usage) {
        ModelPrice price = prices.price(model).orElse(locality == Locality.CLOUD ? baselinePrice : localTierPrice);
        return price.costMicros(usage);
    }

    /**
     * Upper estimate before the call, for {@code UsageLimiter.reserve}: the prompt uncached and the
     * full completion budget ({@code max_tokens}, or a default the gateway chooses) at this model's
     * budget price ({@link #budgetMicros}).
     */
    public long estimateMicros(String model, Locality locality, long promptTokens, long maxCompletionTokens) {
        return (long) Math.ceil(budgetMicros(model, locality, new Usage(promptTokens, maxCompletionTokens, 0, 0)));
    }

    /** What {@code usage} would have cost on the configured baseline model. */
    public double counterfactualMicros(Usage usage) {
        return baselinePrice.costMicros(usage);
    }

    /** What {@code usage} would have cost on {@code baseline}; 0 when that model has no price. */
    public double counterfactualMicros(String baseline, Usage usage) {
        return prices.price(baseline).orElse(ModelPrice.FREE).costMicros(usage);
    }

    public boolean knowsPrice(String model) {
        return prices.price(model).isPresent();
    }

    public String baselineModel() {
        return baselineModel;
    }

    public PriceTable prices() {
        return prices;
    }
}
