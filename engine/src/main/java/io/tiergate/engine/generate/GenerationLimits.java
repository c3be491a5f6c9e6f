package io.tiergate.engine.generate;

import java.util.List;

/**
 * When a sequence ends and what it reports: at most {@code maxTokens} generated tokens, at the first
 * stop string, or at an end-of-generation token; with per-token logprobs and {@code topLogprobs}
 * alternatives when asked.
 */
public record GenerationLimits(int maxTokens, List<String> stop, boolean logprobs, int topLogprobs) {

    public GenerationLimits {
        stop = List.copyOf(stop);
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
    }
}
