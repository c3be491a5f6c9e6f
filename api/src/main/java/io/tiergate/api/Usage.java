package io.tiergate.api;

/**
 * Token counts of one call. {@code cachedTokens} is the part of {@code promptTokens} served from a
 * prompt cache; {@code reasoningTokens} the part of {@code completionTokens} spent on hidden reasoning.
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public Usage plus(Usage o) {
        return new Usage(promptTokens + o.promptTokens, completionTokens + o.completionTokens,
                cachedTokens + o.cachedTokens, reasoningTokens + o.reasoningTokens);
    }
}
