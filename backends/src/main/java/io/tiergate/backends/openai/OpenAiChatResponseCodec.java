package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.ToolCall;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tiergate.backends.openai.JsonChecks.absent;

/**
 * OpenAI {@code chat.completion} objects in both directions, and {@code chat.completion.chunk} objects
 * written ({@link OpenAiChunkReader} reads those, with the same leniency). Reading is lenient where
 * servers differ (missing ids, null finish reasons) and strict where meaning would be lost (choices
 * must be an array).
 */
final class OpenAiChatResponseCodec {
    private OpenAiChatResponseCodec() {}

    static ChatResponse readResponse(JsonNode root) {
        if (!root.isObject() || !root.path("choices").isArray()) {
            throw new UpstreamProtocolException("chat completion without a 'choices' array");
        }
        List<ChatChoice> choices = new ArrayList<>();
        for (JsonNode c : root.get("choices")) {
            JsonNode m = c.path("message");
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode tc : m.path("tool_calls")) {
                JsonNode fn = tc.path("function");
                calls.add(new ToolCall(tc.path("id").asText(""), fn.path("name").asText(""), fn.path("arguments").asText("{}")));
            }
            String text = contentText(m.path("content"));
            List<ContentPart> content = text.isEmpty() && !calls.isEmpty() ? List.of() : List.of(new ContentPart.Text(text));
            ChatMessage message = new ChatMessage(Role.ASSISTANT, content, false, Optional.empty(), calls, Optional.empty());
            choices.add(new ChatChoice(c.path("index").asInt(0), message, finish(c.get("finish_reason")).orElse("stop"),
                    logprobs(c.get("logprobs"))));
        }
        return new ChatResponse(root.path("id").asText(""), root.path("model").asText(""), root.path("created").asLong(0),
                choices, usage(root.get("usage")).orElse(Usage.ZERO), textField(root, "system_fingerprint"));
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) return content.textValue();
        if (!content.isArray()) return "";
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : content) if (p.path("type").asText().equals("text")) sb.append(p.path("text").asText(""));
        return sb.toString();
    }

    static Optional<String> finish(JsonNode n) {
        return absent(n) ? Optional.empty() : Optional.of(n.asText());
    }

    static Optional<String> textField(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return absent(n) || !n.isTextual() ? Optional.empty() : Optional.of(n.textValue());
    }

    static Optional<Usage> usage(JsonNode u) {
        if (absent(u) || !u.isObject()) return Optional.empty();
        return Optional.of(new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0),
                u.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                u.path("completion_tokens_details").path("reasoning_tokens").asLong(0)));
    }

    static Optional<List<TokenLogprob>> logprobs(JsonNode lp) {
        if (absent(lp) || !lp.path("content").isArray()) return Optional.empty();
        List<TokenLogprob> out = new ArrayList<>();
        for (JsonNode t : lp.get("content")) {
            List<TokenLogprob.Alternative> top = new ArrayList<>();
            for (JsonNode a : t.path("top_logprobs")) top.add(new TokenLogprob.Alternative(a.path("token").asText(""), a.path("logprob").asDouble()));
            out.add(new TokenLogprob(t.path("token").asText(""), t.path("logprob").asDouble(), top));
        }
        return Optional.of(out);
    }

    static void writeResponse(ChatResponse r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("object", "chat.completion");
        g.writeNumberField("created", r.createdEpochSeconds());
        g.writeStringField("model", r.model());
        g.writeArrayFieldStart("choices");
        for (ChatChoice c : r.choices()) {
            g.writeStartObject();
            g.writeNumberField("index", c.index());
            g.writeObjectFieldStart("message");
            g.writeStringField("role", c.message().role().wireName());
            if (c.message().content().isEmpty()) g.writeNullField("content");
            else g.writeStringField("content", c.message().text());
            if (!c.message().toolCalls().isEmpty()) {
                g.writeArrayFieldStart("tool_calls");
                for (ToolCall call : c.message().toolCalls()) OpenAiChatRequestWriter.toolCall(call, g);
                g.writeEndArray();
            }
            g.writeEndObject();
            writeLogprobs(c.logprobs(), g);
            g.writeStringField("finish_reason", c.finishReason());
            g.writeEndObject();
        }
        g.writeEndArray();
        writeUsage(r.usage(), g);
        if (r.systemFingerprint().isPresent()) g.writeStringField("system_fingerprint", r.systemFingerprint().get());
        g.writeEndObject();
    }

    static void writeChunk(ChatChunk c, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", c.createdEpochSeconds());
        g.writeStringField("model", c.model());
        g.writeArrayFieldStart("choices");
        for (ChatChunk.Delta d : c.choices()) {
            g.writeStartObject();
            g.writeNumberField("index", d.index());
            g.writeObjectFieldStart("delta");
            if (d.role().isPresent()) g.writeStringField("role", d.role().get().wireName());
            if (d.content().isPresent()) g.writeStringField("content", d.content().get());
            if (d.reasoningContent().isPresent()) g.writeStringField("reasoning_content", d.reasoningContent().get());
            if (!d.toolCalls().isEmpty()) {
                g.writeArrayFieldStart("tool_calls");
                for (ChatChunk.ToolCallDelta t : d.toolCalls()) {
                    g.writeStartObject();
                    g.writeNumberField("index", t.index());
                    if (t.id().isPresent()) {
                        g.writeStringField("id", t.id().get());
                        g.writeStringField("type", "function");
                    }
                    g.writeObjectFieldStart("function");
                    if (t.name().isPresent()) g.writeStringField("name", t.name().get());
                    g.writeStringField("arguments", t.argumentsFragment());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            if (d.logprobs().isPresent()) writeLogprobs(d.logprobs(), g);
            if (d.finishReason().isPresent()) g.writeStringField("finish_reason", d.finishReason().get());
            else g.writeNullField("finish_reason");
            g.writeEndObject();
        }
        g.writeEndArray();
        if (c.usage().isPresent()) writeUsage(c.usage().get(), g);
        g.writeEndObject();
    }

    static void writeUsage(Usage u, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", u.promptTokens());
        g.writeNumberField("completion_tokens", u.completionTokens());
        g.writeNumberField("total_tokens", u.totalTokens());
        g.writeObjectFieldStart("prompt_tokens_details");
        g.writeNumberField("cached_tokens", u.cachedTokens());
        g.writeEndObject();
        g.writeObjectFieldStart("completion_tokens_details");
        g.writeNumberField("reasoning_tokens", u.reasoningTokens());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeLogprobs(Optional<List<TokenLogprob>> logprobs, JsonGenerator g) throws IOException {
        if (logprobs.isEmpty()) {
            g.writeNullField("logprobs");
            return;
        }
        g.writeObjectFieldStart("logprobs");
        g.writeArrayFieldStart("content");
        for (TokenLogprob t : logprobs.get()) {
            g.writeStartObject();
            g.writeStringField("token", t.token());
            g.writeNumberField("logprob", t.logprob());
            bytes(t.token(), g);
            g.writeArrayFieldStart("top_logprobs");
            for (TokenLogprob.Alternative a : t.top()) {
                g.writeStartObject();
                g.writeStringField("token", a.token());
                g.writeNumberField("logprob", a.logprob());
                bytes(a.token(), g);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The token's UTF-8 bytes, as OpenAI sends them ("bytes": [104, 105]). */
    private static void bytes(String token, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) g.writeNumber(b & 0xff);
        g.writeEndArray();
    }
}
