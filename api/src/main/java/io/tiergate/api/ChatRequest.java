package io.tiergate.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chat completion request in our own terms, whatever wire dialect it arrived in.
 * JSON-valued options we do not interpret ({@code tool_choice}, {@code response_format}) are kept as
 * JSON text; {@code passthroughJson} holds every other top-level field (name → JSON text) so an
 * OpenAI-compatible upstream receives the request faithfully.
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        GenerationParams params,
        List<ToolDefinition> tools,
        Optional<String> toolChoiceJson,
        Optional<String> responseFormatJson,
        boolean stream,
        boolean includeUsage,
        Optional<String> user,
        Map<String, String> metadata,
        Map<String, String> passthroughJson) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        metadata = Map.copyOf(metadata);
        passthroughJson = Map.copyOf(passthroughJson);
    }

    /** A plain request: one user message, default parameters, not streamed. */
    public static ChatRequest ofUser(String model, String text) {
        return new ChatRequest(model, List.of(ChatMessage.of(Role.USER, text)), GenerationParams.defaults(), List.of(),
                Optional.empty(), Optional.empty(), false, false, Optional.empty(), Map.of(), Map.of());
    }

    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, messages, params, tools, toolChoiceJson, responseFormatJson, stream, includeUsage,
                user, metadata, passthroughJson);
    }

    public ChatRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatRequest(model, newMessages, params, tools, toolChoiceJson, responseFormatJson, stream, includeUsage,
                user, metadata, passthroughJson);
    }

    public ChatRequest withParams(GenerationParams newParams) {
        return new ChatRequest(model, messages, newParams, tools, toolChoiceJson, responseFormatJson, stream, includeUsage,
                user, metadata, passthroughJson);
    }

    public ChatRequest withStream(boolean newStream, boolean newIncludeUsage) {
        return new ChatRequest(model, messages, params, tools, toolChoiceJson, responseFormatJson, newStream, newIncludeUsage,
                user, metadata, passthroughJson);
    }
}
