package io.tiergate.engine.generate;

import io.tiergate.api.InvalidRequestException;

import java.util.OptionalInt;

/**
 * Fits a request into a context window: a prompt that leaves no room is refused (400, both counts,
 * never silently truncated); a max-token request beyond the room left is clamped, and the clamp is
 * reported through {@link #requestedMaxTokens()}.
 */
public record ContextBudget(int promptTokens, int contextLength, int maxTokens, OptionalInt requestedMaxTokens) {

    public static ContextBudget of(int promptTokens, int contextLength, OptionalInt requestedMax) {
        if (promptTokens >= contextLength) {
            throw new InvalidRequestException("This model's context holds " + contextLength + " tokens, but the prompt has "
                    + promptTokens + " tokens (and at least one must be generated). Shorten the messages.",
                    "messages", "context_length_exceeded");
        }
        if (requestedMax.isPresent() && requestedMax.getAsInt() < 1) {
            throw new InvalidRequestException("max_tokens must be at least 1, got " + requestedMax.getAsInt(), "max_tokens");
        }
        int room = contextLength - promptTokens;
        int wanted = requestedMax.orElse(room);
        return new ContextBudget(promptTokens, contextLength, Math.min(wanted, room),
                requestedMax.isPresent() && requestedMax.getAsInt() > room ? requestedMax : OptionalInt.empty());
    }

    public boolean clamped() {
        return requestedMaxTokens.isPresent();
    }
}
