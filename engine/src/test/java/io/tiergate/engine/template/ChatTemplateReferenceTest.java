package io.tiergate.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ContentPart;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.ToolDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each family's real template renders every conversation of template/conversations.json exactly as
 * Python's jinja2 does in Hugging Face's environment (expected-renderings.json, made by
 * src/test/setup/render-templates.py), starting from our own chat records.
 */
class ChatTemplateReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-15T10:30:00Z"), ZoneOffset.UTC);
    private static final Map<String, String[]> TOKENS = Map.of(
            "qwen2.5", new String[] {"", "<|im_end|>"}, "qwen3", new String[] {"", "<|im_end|>"},
            "smollm2", new String[] {"<|im_start|>", "<|im_end|>"}, "llama3.1", new String[] {"<|begin_of_text|>", "<|eot_id|>"},
            "llama3.2", new String[] {"<|begin_of_text|>", "<|eot_id|>"}, "gemma3", new String[] {"<bos>", "<eos>"});
    private static JsonNode conversations;
    private static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        conversations = read("/template/conversations.json");
        expected = read("/template/expected-renderings.json").get("renderings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2.5", "qwen3", "smollm2", "llama3.1", "llama3.2", "gemma3"})
    void rendersLikeHuggingFaceJinja(String family) throws Exception {
        ChatTemplate template = ChatTemplate.of(resource("/template/" + family + ".jinja"), TOKENS.get(family)[0],
                TOKENS.get(family)[1]).withClock(FIXED);
        int compared = 0;
        for (JsonNode conv : conversations) {
            String name = conv.get("name").asText();
            JsonNode want = expected.get(family).get(name);
            List<ChatMessage> messages = messages(conv.get("messages"));
            List<ToolDefinition> tools = tools(conv.path("tools"));
            boolean addPrompt = conv.get("add_generation_prompt").asBoolean();
            Map<String, Object> extra = conv.has("extra") ? JSON.convertValue(conv.get("extra"), Map.class) : Map.of();
            if (want.has("output")) {
                String rendered;
                try {
                    rendered = template.render(messages, tools, addPrompt, extra);
                } catch (RuntimeException e) {
                    throw new AssertionError(family + " / " + name + ": " + e.getMessage(), e);
                }
                assertThat(rendered).as(family + " / " + name).isEqualTo(want.get("output").asText());
            } else if (want.has("error")) {
                assertThatThrownBy(() -> template.render(messages, tools, addPrompt, extra)).as(family + " / " + name)
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining(want.get("error").asText());
            } else {
                continue;
            }
            compared++;
        }
        System.out.println(family + ": " + compared + "/" + conversations.size() + " conversations identical to jinja2");
        assertThat(compared).isEqualTo(conversations.size());
    }

    static List<ChatMessage> messages(JsonNode array) throws Exception {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : array) {
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode c : m.path("tool_calls")) {
                JsonNode f = c.get("function");
                calls.add(new ToolCall(c.get("id").asText(), f.get("name").asText(), JSON.writeValueAsString(f.get("arguments"))));
            }
            out.add(new ChatMessage(Role.fromWire(m.get("role").asText(), "role"), List.of(new ContentPart.Text(m.get("content").asText())),
                    false, Optional.empty(), calls, m.has("tool_call_id") ? Optional.of(m.get("tool_call_id").asText()) : Optional.empty()));
        }
        return out;
    }

    static List<ToolDefinition> tools(JsonNode array) throws Exception {
        List<ToolDefinition> out = new ArrayList<>();
        for (JsonNode t : array) {
            JsonNode f = t.get("function");
            out.add(new ToolDefinition(f.get("name").asText(), f.get("description").asText(), JSON.writeValueAsString(f.get("parameters"))));
        }
        return out;
    }

    private static JsonNode read(String path) throws Exception {
        return JSON.readTree(resource(path));
    }

    static String resource(String path) throws Exception {
        try (InputStream in = ChatTemplateReferenceTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
