package io.tiergate.api;

/**
 * Price of a model in micro-dollars (1e-6 USD) per million tokens, per token kind.
 * $2.50 per million input tokens is {@code inputMicrosPerMillion = 2_500_000}.
 */
public record ModelPrice(long inputMicrosPerMillion, long cachedInputMicrosPerMillion, long outputMicrosPerMillion) {
    public static final ModelPrice FREE = new ModelPrice(0, 0, 0);

    /**
     * Cost of {@code usage} in micro-dollars: cached prompt tokens at the cached rate, the rest of the
     * prompt at the input rate, all completion tokens (reasoning included) at the output rate.
     */
    public double costMicros(Usage usage) {
        long uncached = Math.max(0, usage.promptTokens() - usage.cachedTokens());
        return (uncached * (double) inputMicrosPerMillion
                + usage.cachedTokens() * (double) cachedInputMicrosPerMillion
                + usage.completionTokens() * (double) outputMicrosPerMillion) / 1_000_000.0;
    }
}
