package io.tiergate.api;

import java.util.List;
import java.util.Optional;

/** One finished choice. {@code finishReason} uses OpenAI's words: stop, length, tool_calls, content_filter. */
public record ChatChoice(int index, ChatMessage message, String finishReason, Optional<List<TokenLogprob>> logprobs) {}
