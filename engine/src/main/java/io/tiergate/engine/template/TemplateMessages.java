package io.tiergate.engine.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.ToolDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our chat records in the shape Hugging Face chat templates read (the OpenAI message JSON):
 * {@code role}, {@code content} as one string (text and refusal parts joined by newlines, {@link MessageContent}, as llama.cpp does for
 * templates without typed content), {@code tool_calls} with {@code arguments} parsed into an object
 * (Llama 3.x applies {@code tojson} to it; Qwen accepts either), {@code tool_call_id}, {@code name}.
 * The OpenAI "developer" role is given to templates as "system", which they all know.
 */
final class TemplateMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateMessages() {}

    static List<Map<String, Object>> messages(List<ChatMessage> messages) {
        List<Map<String, Object>> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) out.add(message(m));
        return out;
    }

    static Map<String, Object> message(ChatMessage m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", m.role() == Role.DEVELOPER ? "system" : m.role().wireName());
        map.put("content", MessageContent.text(m));
        m.name().ifPresent(n -> map.put("name", n));
        if (!m.toolCalls().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ToolCall call : m.toolCalls()) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", call.name());
                function.put("arguments", parsedOrText(call.argumentsJson()));
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", call.id());
                c.put("type", "function");
                c.put("function", function);
                calls.add(c);
            }
            map.put("tool_calls", calls);
        }
        m.toolCallId().ifPresent(id -> map.put("tool_call_id", id));
        return map;
    }

    static List<Map<String, Object>> tools(List<ToolDefinition> tools) {
        List<Map<String, Object>> out = new ArrayList<>(tools.size());
        for (ToolDefinition t : tools) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", t.name());
            function.put("description", t.description());
            function.put("parameters", parsedOrText(t.parametersJson()));
            Map<String, Object> tool = new LinkedHashMap<>();
            tool.put("type", "function");
            tool.put("function", function);
            out.add(tool);
        }
        return out;
    }

    /** JSON text as maps/lists in document order, or the text itself when it is not JSON. */
    static Object parsedOrText(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
