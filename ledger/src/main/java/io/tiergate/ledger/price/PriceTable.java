package io.tiergate.ledger.price;

import io.tiergate.api.ModelPrice;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Price per model: configured prices over the built-in table. Names match case-insensitively, with or
 * without a provider prefix ({@code openai/gpt-4o}) and with dated suffixes ({@code gpt-4o-2024-08-06}
 * prices as {@code gpt-4o}; the longest known name that prefixes the model wins).
 */
public final class PriceTable {
    /** Distinct model names whose look-up is remembered; past it, names are looked up each time. */
    private static final int MEMO_LIMIT = 4_096;

    private final Map<String, ModelPrice> prices;
    /**
     * Look-ups by the caller's spelling. Pricing runs several times per request (budget estimate,
     * ledger cost, counterfactual, metrics), and a name the table does not know scanned every entry:
     * measured at one allocation per entry and ~7 % of the gateway's allocation per request.
     */
    private final Map<String, Optional<ModelPrice>> memo = new ConcurrentHashMap<>();

    public PriceTable(Map<String, ModelPrice> overrides) {
        Map<String, ModelPrice> merged = new HashMap<>();
        BuiltInPrices.table().forEach((m, p) -> merged.put(normalize(m), p));
        overrides.forEach((m, p) -> merged.put(normalize(m), p));
        this.prices = Map.copyOf(merged);
    }

    public static PriceTable builtIn() {
        return new PriceTable(Map.of());
    }

    public Optional<ModelPrice> price(String model) {
        Optional<ModelPrice> known = memo.get(model);
        if (known != null) return known;
        Optional<ModelPrice> found = find(model);
        if (memo.size() < MEMO_LIMIT) memo.put(model, found);
        return found;
    }

    private Optional<ModelPrice> find(String model) {
        String name = normalize(model);
        Optional<ModelPrice> found = lookup(name);
        int slash = name.lastIndexOf('/');
        return found.isPresent() || slash < 0 ? found : lookup(name.substring(slash + 1));
    }

    private Optional<ModelPrice> lookup(String name) {
        ModelPrice exact = prices.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = "";
        for (String known : prices.keySet()) {
            if (known.length() > best.length() && name.length() > known.length()
                    && name.charAt(known.length()) == '-' && name.startsWith(known)) {
                best = known;
            }
        }
        return best.isEmpty() ? Optional.empty() : Optional.of(prices.get(best));
    }

    public Map<String, ModelPrice> all() {
        return prices;
    }

    private static String normalize(String model) {
        return model.strip().toLowerCase(Locale.ROOT);
    }
}
