package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.ToolCall;
import io.tiergate.api.Usage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI {@code chat.completion} and {@code chat.completion.chunk} objects written with Jackson's
 * generator (the server's answers to its clients). {@link OpenAiResponseReader} and
 * {@link OpenAiChunkReader} read them.
 */
final class OpenAiChatResponseCodec {
    private OpenAiChatResponseCodec() {}

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
