package io.tiergate.ledger.keys;

import java.util.OptionalLong;

/**
 * Budgets (micro-dollars per UTC day and per UTC month) and rate limits (per minute) of one key;
 * an empty value means no limit.
 */
public record KeyLimits(OptionalLong budgetPerDayMicros, OptionalLong budgetPerMonthMicros,
                        OptionalLong requestsPerMinute, OptionalLong tokensPerMinute) {

    public static final KeyLimits NONE = new KeyLimits(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());

    public KeyLimits {
        positive("budget-per-day", budgetPerDayMicros);
        positive("budget-per-month", budgetPerMonthMicros);
        positive("requests-per-minute", requestsPerMinute);
        positive("tokens-per-minute", tokensPerMinute);
    }

    private static void positive(String name, OptionalLong value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be given (empty for no limit)");
        }
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value.getAsLong());
        }
    }
}
