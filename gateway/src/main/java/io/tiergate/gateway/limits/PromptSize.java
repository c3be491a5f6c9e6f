package io.tiergate.gateway.limits;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;

/**
 * A tokenizer-free upper-ish estimate of a prompt's tokens for budget reservations: about four
 * characters per token (OpenAI's rule of thumb for English) rounded up, plus a few tokens of chat
 * framing per message. The actual count from the upstream's usage replaces it when the call settles.
 */
final class PromptSize {
    /** Role markers and separators a chat template adds around each message, in tokens. */
    static final int TOKENS_PER_MESSAGE = 4;

    private PromptSize() {}

    static long estimateTokens(ChatRequest request) {
        long tokens = 0;
        for (ChatMessage m : request.messages()) {
            tokens += (m.text().length() + 3) / 4 + TOKENS_PER_MESSAGE;
        }
        return tokens;
    }
}
