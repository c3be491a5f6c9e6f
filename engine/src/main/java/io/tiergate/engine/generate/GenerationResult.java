package io.tiergate.engine.generate;

import io.tiergate.api.TokenLogprob;

import java.util.List;
import java.util.OptionalInt;

/**
 * A finished sequence. {@code finishReason} uses OpenAI's words: "stop" (end-of-generation token or
 * stop string), "length" (max tokens or the context is full), "cancelled" (the listener gave up).
 * {@code requestedMaxTokens} is present when the request asked for more tokens than the context had
 * room for and was clamped to {@code maxTokens}.
 */
public record GenerationResult(String text, int[] tokens, int promptTokens, String finishReason, List<TokenLogprob> logprobs,
                               int maxTokens, OptionalInt requestedMaxTokens) {

    public GenerationResult {
        tokens = tokens.clone();
        logprobs = List.copyOf(logprobs);
    }

    public int completionTokens() {
        return tokens.length;
    }
}
