package io.tiergate.api;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Sampling and length controls. {@code maxTokens} is the output token cap (OpenAI's
 * {@code max_completion_tokens}, or the older {@code max_tokens}). {@code topK}, {@code minP} and
 * {@code repeatPenalty} are the local-server extensions (llama.cpp / Ollama names).
 */
public record GenerationParams(
        OptionalInt maxTokens,
        OptionalDouble temperature,
        OptionalDouble topP,
        OptionalInt topK,
        OptionalDouble minP,
        OptionalDouble repeatPenalty,
        OptionalDouble frequencyPenalty,
        OptionalDouble presencePenalty,
        OptionalLong seed,
        List<String> stop,
        boolean logprobs,
        OptionalInt topLogprobs,
        OptionalInt n) {

    public GenerationParams {
        stop = List.copyOf(stop);
    }

    public static GenerationParams defaults() {
        return new GenerationParams(OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalLong.empty(), List.of(), false, OptionalInt.empty(), OptionalInt.empty());
    }

    public GenerationParams withMaxTokens(int max) {
        return new GenerationParams(OptionalInt.of(max), temperature, topP, topK, minP, repeatPenalty, frequencyPenalty,
                presencePenalty, seed, stop, logprobs, topLogprobs, n);
    }
}
