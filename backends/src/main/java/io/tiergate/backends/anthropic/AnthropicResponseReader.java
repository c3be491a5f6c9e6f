package io.tiergate.backends.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads an Anthropic {@code message} object (and its usage and stop reason) into our records. */
final class AnthropicResponseReader {
    private AnthropicResponseReader() {}

    static ChatResponse read(JsonNode root, long createdEpochSeconds) {
        if (!root.isObject() || !root.path("content").isArray()) throw new UpstreamProtocolException("message without a 'content' array");
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : root.get("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(""), block.path("name").asText(""),
                        block.path("input").isMissingNode() ? "{}" : block.path("input").toString()));
                default -> { } // thinking and other blocks have no place in an OpenAI-shaped answer
            }
        }
        List<ContentPart> content = text.isEmpty() && !calls.isEmpty() ? List.of() : List.of(new ContentPart.Text(text.toString()));
        ChatMessage message = new ChatMessage(Role.ASSISTANT, content, false, Optional.empty(), calls, Optional.empty());
        ChatChoice choice = new ChatChoice(0, message, finishReason(root.path("stop_reason").asText("end_turn")), Optional.empty());
        return new ChatResponse(root.path("id").asText(""), root.path("model").asText(""), createdEpochSeconds, List.of(choice),
                usage(root.path("usage"), 0), Optional.empty());
    }

    /** end_turn/stop_sequence/pause_turn -> stop, max_tokens -> length, tool_use -> tool_calls, refusal -> content_filter. */
    static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * Anthropic's input_tokens excludes cache reads and writes; our prompt tokens include them, and
     * cachedTokens are the cache reads. {@code outputFallback} is used when output_tokens is absent.
     */
    static Usage usage(JsonNode u, long outputFallback) {
        long cacheRead = u.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = u.path("cache_creation_input_tokens").asLong(0);
        long input = u.path("input_tokens").asLong(0) + cacheRead + cacheWrite;
        return new Usage(input, u.path("output_tokens").asLong(outputFallback), cacheRead, 0);
    }
}
