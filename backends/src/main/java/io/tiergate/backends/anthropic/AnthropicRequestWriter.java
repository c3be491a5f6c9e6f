package io.tiergate.backends.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.GenerationParams;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.ToolDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ChatRequest} as an Anthropic Messages API request: system and developer messages
 * become the top-level {@code system}; tool results become {@code tool_result} blocks of a user turn;
 * assistant tool calls become {@code tool_use} blocks; consecutive turns of the same role are merged
 * (the API wants user and assistant to alternate); {@code max_tokens} is always sent (required).
 * Fields the API does not have (seed, penalties, logprobs, n, response_format) are left out;
 * temperature is clamped to Anthropic's [0, 1].
 */
final class AnthropicRequestWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnthropicRequestWriter() {}

    static void write(ChatRequest r, int defaultMaxTokens, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", r.model());
        GenerationParams p = r.params();
        g.writeNumberField("max_tokens", p.maxTokens().orElse(defaultMaxTokens));
        List<String> system = new ArrayList<>();
        for (ChatMessage m : r.messages()) if (m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER) system.add(m.text());
        if (!system.isEmpty()) g.writeStringField("system", String.join("\n\n", system));
        messages(r.messages(), g);
        if (p.temperature().isPresent()) g.writeNumberField("temperature", Math.min(1.0, p.temperature().getAsDouble()));
        if (p.topP().isPresent()) g.writeNumberField("top_p", p.topP().getAsDouble());
        if (p.topK().isPresent()) g.writeNumberField("top_k", p.topK().getAsInt());
        if (!p.stop().isEmpty()) {
            g.writeArrayFieldStart("stop_sequences");
            for (String s : p.stop()) g.writeString(s);
            g.writeEndArray();
        }
        if (!r.tools().isEmpty()) {
            g.writeArrayFieldStart("tools");
            for (ToolDefinition t : r.tools()) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                if (!t.description().isEmpty()) g.writeStringField("description", t.description());
                g.writeFieldName("input_schema");
                g.writeRawValue(t.parametersJson().equals("{}") ? "{\"type\":\"object\"}" : t.parametersJson());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (r.toolChoiceJson().isPresent()) toolChoice(r.toolChoiceJson().get(), g);
        if (r.stream()) g.writeBooleanField("stream", true);
        if (r.user().isPresent()) {
            g.writeObjectFieldStart("metadata");
            g.writeStringField("user_id", r.user().get());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void messages(List<ChatMessage> messages, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("messages");
        String open = null; // role of the turn being written, to merge consecutive same-role turns
        for (ChatMessage m : messages) {
            if (m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER) continue;
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            if (!role.equals(open)) {
                if (open != null) {
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeStartObject();
                g.writeStringField("role", role);
                g.writeArrayFieldStart("content");
                open = role;
            }
            blocks(m, g);
        }
        if (open != null) {
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void blocks(ChatMessage m, JsonGenerator g) throws IOException {
        if (m.role() == Role.TOOL) {
            g.writeStartObject();
            g.writeStringField("type", "tool_result");
            g.writeStringField("tool_use_id", m.toolCallId().orElse(""));
            g.writeStringField("content", m.text());
            g.writeEndObject();
            return;
        }
        for (ContentPart part : m.content()) {
            switch (part) {
                case ContentPart.Text t -> {
                    if (t.text().isEmpty()) continue; // the API rejects empty text blocks
                    g.writeStartObject();
                    g.writeStringField("type", "text");
                    g.writeStringField("text", t.text());
                    g.writeEndObject();
                }
                case ContentPart.ImageUrl i -> image(i.url(), g);
                case ContentPart.Other o when o.type().equals("refusal") -> {
                    // OpenAI's refusal part has no Messages API counterpart: its text is what was said
                    String said = MAPPER.readTree(o.json()).path("refusal").asText();
                    if (said.isEmpty()) continue; // the API rejects empty text blocks
                    g.writeStartObject();
                    g.writeStringField("type", "text");
                    g.writeStringField("text", said);
                    g.writeEndObject();
                }
                case ContentPart.Other o -> g.writeRawValue(o.json());
            }
        }
        for (ToolCall c : m.toolCalls()) {
            g.writeStartObject();
            g.writeStringField("type", "tool_use");
            g.writeStringField("id", c.id());
            g.writeStringField("name", c.name());
            g.writeFieldName("input");
            g.writeTree(arguments(c));
            g.writeEndObject();
        }
    }

    /** A data: URL becomes a base64 source, anything else a url source. */
    private static void image(String url, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "image");
        g.writeObjectFieldStart("source");
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
            g.writeStringField("type", "base64");
            g.writeStringField("media_type", url.substring(5, comma - ";base64".length()));
            g.writeStringField("data", url.substring(comma + 1));
        } else {
            g.writeStringField("type", "url");
            g.writeStringField("url", url);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static JsonNode arguments(ToolCall c) {
        String json = c.argumentsJson().isBlank() ? "{}" : c.argumentsJson();
        try {
            JsonNode n = MAPPER.readTree(json);
            if (!n.isObject()) throw new IOException("not an object");
            return n;
        } catch (IOException e) {
            throw new InvalidRequestException("Invalid tool call '" + c.id() + "': arguments must be a JSON object for this backend.",
                    "messages.tool_calls.function.arguments");
        }
    }

    /** OpenAI's tool_choice in Anthropic's words: auto, required -> any, none, a named function -> tool. */
    private static void toolChoice(String json, JsonGenerator g) throws IOException {
        JsonNode n = MAPPER.readTree(json);
        g.writeObjectFieldStart("tool_choice");
        if (n.isTextual()) {
            g.writeStringField("type", switch (n.textValue()) {
                case "required" -> "any";
                case "none" -> "none";
                default -> "auto";
            });
        } else {
            String name = n.path("function").path("name").asText("");
            if (name.isEmpty()) {
                g.writeStringField("type", "auto");
            } else {
                g.writeStringField("type", "tool");
                g.writeStringField("name", name);
            }
        }
        g.writeEndObject();
    }
}
