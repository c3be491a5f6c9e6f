package io.tiergate.api;

import java.util.List;
import java.util.Optional;

/** A whole (non-streamed) completion; {@code createdEpochSeconds} as in OpenAI's {@code created}. */
public record ChatResponse(
        String id, String model, long createdEpochSeconds, List<ChatChoice> choices, Usage usage,
        Optional<String> systemFingerprint) {

    public ChatResponse {
        choices = List.copyOf(choices);
    }

    /** The first choice's text, or "" when there is none. */
    public String text() {
        return choices.isEmpty() ? "" : choices.getFirst().message().text();
    }
}
