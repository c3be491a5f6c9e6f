package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.GenerationParams;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.ToolDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.tiergate.backends.openai.JsonChecks.absent;
import static io.tiergate.backends.openai.JsonChecks.invalid;

/**
 * Reads and validates an OpenAI {@code /v1/chat/completions} request body into a {@link ChatRequest}.
 * Ranges follow the OpenAI API reference. Top-level fields we do not model are kept verbatim in
 * {@code passthroughJson}; content parts of unknown types are kept as {@link ContentPart.Other}.
 */
final class OpenAiChatRequestReader {
    /** Fields this reader interprets; every other top-level field passes through. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "temperature", "top_p", "top_k", "min_p",
            "repeat_penalty", "frequency_penalty", "presence_penalty", "seed", "stop", "logprobs", "top_logprobs", "n",
            "max_tokens", "max_completion_tokens", "tools", "tool_choice", "response_format", "stream", "stream_options",
            "user", "metadata");

    private OpenAiChatRequestReader() {}

    static ChatRequest read(JsonNode root) {
        if (!root.isObject()) throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
        String model = JsonChecks.requiredString(root, "model", "model");
        List<ChatMessage> messages = messages(root.get("messages"));
        GenerationParams params = params(root);
        List<ToolDefinition> tools = tools(root.get("tools"));
        Optional<String> toolChoice = toolChoice(root.get("tool_choice"));
        Optional<String> responseFormat = Optional.empty();
        JsonNode rf = root.get("response_format");
        if (!absent(rf)) {
            if (!rf.isObject() || !rf.path("type").isTextual()) throw invalid("response_format", "must be an object with a 'type'");
            responseFormat = Optional.of(rf.toString());
        }
        boolean stream = JsonChecks.bool(root, "stream", "stream");
        boolean includeUsage = false;
        JsonNode so = root.get("stream_options");
        if (!absent(so)) {
            if (!so.isObject()) throw invalid("stream_options", "must be an object");
            includeUsage = JsonChecks.bool(so, "include_usage", "stream_options.include_usage");
        }
        Optional<String> user = JsonChecks.string(root, "user", "user");
        Map<String, String> passthrough = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!KNOWN.contains(e.getKey())) passthrough.put(e.getKey(), e.getValue().toString());
        }
        return new ChatRequest(model, messages, params, tools, toolChoice, responseFormat, stream, includeUsage, user,
                metadata(root.get("metadata")), passthrough);
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (absent(node)) {
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!node.isArray()) throw invalid("messages", "must be an array");
        if (node.isEmpty()) throw new InvalidRequestException("Invalid 'messages': empty array. Expected an array with minimum length 1.",
                "messages", "empty_array");
        List<ChatMessage> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(message(node.get(i), "messages[" + i + "]"));
        return out;
    }

    private static ChatMessage message(JsonNode m, String at) {
        if (!m.isObject()) throw invalid(at, "must be an object");
        String roleName = JsonChecks.requiredString(m, "role", at + ".role");
        Role role;
        try {
            role = Role.fromWire(roleName, at + ".role");
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("Invalid '" + at + ".role': " + e.getMessage(), at + ".role", "invalid_value");
        }
        List<ToolCall> toolCalls = toolCalls(m.get("tool_calls"), at + ".tool_calls");
        JsonNode c = m.get("content");
        List<ContentPart> content = new ArrayList<>();
        boolean asParts = false;
        if (absent(c)) {
            if (role != Role.ASSISTANT) {
                throw new InvalidRequestException("Missing required parameter: '" + at + ".content'.", at + ".content",
                        "missing_required_parameter");
            }
        } else if (c.isTextual()) {
            content.add(new ContentPart.Text(c.textValue()));
        } else if (c.isArray()) {
            asParts = true;
            for (int j = 0; j < c.size(); j++) content.add(part(c.get(j), at + ".content[" + j + "]"));
        } else {
            throw invalid(at + ".content", "must be a string or an array of content parts");
        }
        JsonNode refusal = m.get("refusal");
        if (role == Role.ASSISTANT && !absent(refusal)) {
            // An assistant's earlier refusal, as a message field: kept as the equivalent content part so
            // it reaches the upstream (and the residency policy scans it) rather than being dropped.
            if (!refusal.isTextual()) throw invalid(at + ".refusal", "must be a string");
            content.add(new ContentPart.Other("refusal", JsonNodeFactory.instance.objectNode()
                    .put("type", "refusal").put("refusal", refusal.textValue()).toString()));
            asParts = true;
        }
        Optional<String> toolCallId = JsonChecks.string(m, "tool_call_id", at + ".tool_call_id");
        if (role == Role.TOOL && toolCallId.isEmpty()) {
            throw new InvalidRequestException("Missing required parameter: '" + at + ".tool_call_id'.", at + ".tool_call_id",
                    "missing_required_parameter");
        }
        return new ChatMessage(role, content, asParts, JsonChecks.string(m, "name", at + ".name"), toolCalls, toolCallId);
    }

    private static ContentPart part(JsonNode p, String at) {
        if (!p.isObject()) throw invalid(at, "must be an object");
        String type = JsonChecks.requiredString(p, "type", at + ".type");
        return switch (type) {
            case "text" -> new ContentPart.Text(JsonChecks.requiredString(p, "text", at + ".text"));
            case "image_url" -> {
                JsonNode img = p.get("image_url");
                if (!absent(img) && img.isTextual()) yield new ContentPart.ImageUrl(img.textValue(), "auto");
                if (absent(img) || !img.isObject()) throw invalid(at + ".image_url", "must be an object with a 'url'");
                yield new ContentPart.ImageUrl(JsonChecks.requiredString(img, "url", at + ".image_url.url"),
                        JsonChecks.string(img, "detail", at + ".image_url.detail").orElse("auto"));
            }
            case "refusal" -> {
                JsonChecks.requiredString(p, "refusal", at + ".refusal"); // the part is forwarded as it came, once known to be one
                yield new ContentPart.Other(type, p.toString());
            }
            default -> new ContentPart.Other(type, p.toString());
        };
    }

    private static List<ToolCall> toolCalls(JsonNode node, String at) {
        if (absent(node)) return List.of();
        if (!node.isArray()) throw invalid(at, "must be an array");
        List<ToolCall> out = new ArrayList<>(node.size());
        for (int k = 0; k < node.size(); k++) {
            JsonNode call = node.get(k);
            String here = at + "[" + k + "]";
            if (!call.isObject()) throw invalid(here, "must be an object");
            JsonNode fn = call.get("function");
            if (absent(fn) || !fn.isObject()) throw invalid(here + ".function", "must be an object");
            out.add(new ToolCall(JsonChecks.requiredString(call, "id", here + ".id"),
                    JsonChecks.requiredString(fn, "name", here + ".function.name"),
                    JsonChecks.string(fn, "arguments", here + ".function.arguments").orElse("{}")));
        }
        return out;
    }

    private static GenerationParams params(JsonNode r) {
        var maxTokens = JsonChecks.integer(r, "max_completion_tokens", 1, Integer.MAX_VALUE);
        var legacyMax = JsonChecks.integer(r, "max_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens.isEmpty()) maxTokens = legacyMax;
        var topLogprobs = JsonChecks.integer(r, "top_logprobs", 0, 20);
        boolean logprobs = JsonChecks.bool(r, "logprobs", "logprobs");
        if (topLogprobs.isPresent() && !logprobs) {
            throw new InvalidRequestException("Invalid 'top_logprobs': requires 'logprobs' to be true.", "top_logprobs");
        }
        return new GenerationParams(maxTokens,
                JsonChecks.number(r, "temperature", 0, 2),
                JsonChecks.number(r, "top_p", 0, 1),
                JsonChecks.integer(r, "top_k", 0, Integer.MAX_VALUE),
                JsonChecks.number(r, "min_p", 0, 1),
                JsonChecks.number(r, "repeat_penalty", 0, Double.MAX_VALUE),
                JsonChecks.number(r, "frequency_penalty", -2, 2),
                JsonChecks.number(r, "presence_penalty", -2, 2),
                JsonChecks.longValue(r, "seed"),
                stop(r.get("stop")),
                logprobs, topLogprobs,
                JsonChecks.integer(r, "n", 1, 128));
    }

    private static List<String> stop(JsonNode node) {
        if (absent(node)) return List.of();
        if (node.isTextual()) return List.of(node.textValue());
        if (!node.isArray()) throw invalid("stop", "must be a string or an array of strings");
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) throw invalid("stop[" + i + "]", "must be a string");
            out.add(node.get(i).textValue());
        }
        return out;
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (absent(node)) return List.of();
        if (!node.isArray()) throw invalid("tools", "must be an array");
        List<ToolDefinition> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String at = "tools[" + i + "]";
            if (!t.isObject()) throw invalid(at, "must be an object");
            String type = JsonChecks.string(t, "type", at + ".type").orElse("function");
            if (!type.equals("function")) throw invalid(at + ".type", "only 'function' tools are supported, got '" + type + "'");
            JsonNode fn = t.get("function");
            if (absent(fn) || !fn.isObject()) throw invalid(at + ".function", "must be an object");
            JsonNode schema = fn.get("parameters");
            if (!absent(schema) && !schema.isObject()) throw invalid(at + ".function.parameters", "must be a JSON Schema object");
            out.add(new ToolDefinition(JsonChecks.requiredString(fn, "name", at + ".function.name"),
                    JsonChecks.string(fn, "description", at + ".function.description").orElse(""),
                    absent(schema) ? "{}" : schema.toString()));
        }
        return out;
    }

    private static Optional<String> toolChoice(JsonNode node) {
        if (absent(node)) return Optional.empty();
        if (node.isTextual()) {
            String v = node.textValue();
            if (!Set.of("none", "auto", "required").contains(v)) {
                throw invalid("tool_choice", "must be 'none', 'auto', 'required' or an object naming a function");
            }
            return Optional.of(node.toString());
        }
        if (!node.isObject()) throw invalid("tool_choice", "must be a string or an object");
        return Optional.of(node.toString());
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (absent(node)) return Map.of();
        if (!node.isObject()) throw invalid("metadata", "must be an object of string values");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) throw invalid("metadata." + e.getKey(), "must be a string");
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
