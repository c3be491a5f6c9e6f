package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.GenerationParams;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.ToolDefinition;

import java.io.IOException;
import java.util.Map;

/**
 * Writes a {@link ChatRequest} as an OpenAI chat-completions request body with a streaming
 * generator (no tree, no reflection). JSON-valued fields kept as text (tool schemas, tool_choice,
 * response_format, passthrough fields, unknown content parts) are written raw, byte for byte.
 * Fields the target server does not accept (per {@link OpenAiQuirks}) are left out.
 */
final class OpenAiChatRequestWriter {
    private OpenAiChatRequestWriter() {}

    static void write(ChatRequest r, OpenAiQuirks q, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", r.model());
        g.writeArrayFieldStart("messages");
        for (ChatMessage m : r.messages()) message(m, g);
        g.writeEndArray();
        params(r.params(), q, g);
        if (!r.tools().isEmpty()) {
            g.writeArrayFieldStart("tools");
            for (ToolDefinition t : r.tools()) {
                g.writeStartObject();
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", t.name());
                if (!t.description().isEmpty()) g.writeStringField("description", t.description());
                g.writeFieldName("parameters");
                g.writeRawValue(t.parametersJson());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (r.toolChoiceJson().isPresent()) {
            g.writeFieldName("tool_choice");
            g.writeRawValue(r.toolChoiceJson().get());
        }
        if (r.responseFormatJson().isPresent()) {
            g.writeFieldName("response_format");
            g.writeRawValue(r.responseFormatJson().get());
        }
        if (r.stream()) {
            g.writeBooleanField("stream", true);
            if (r.includeUsage() && q.streamOptions()) {
                g.writeObjectFieldStart("stream_options");
                g.writeBooleanField("include_usage", true);
                g.writeEndObject();
            }
        }
        if (r.user().isPresent()) g.writeStringField("user", r.user().get());
        if (!r.metadata().isEmpty() && q.metadata()) {
            g.writeObjectFieldStart("metadata");
            for (Map.Entry<String, String> e : r.metadata().entrySet()) g.writeStringField(e.getKey(), e.getValue());
            g.writeEndObject();
        }
        for (Map.Entry<String, String> e : r.passthroughJson().entrySet()) {
            g.writeFieldName(e.getKey());
            g.writeRawValue(e.getValue());
        }
        g.writeEndObject();
    }

    static void message(ChatMessage m, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role().wireName());
        if (m.contentAsParts()) {
            g.writeArrayFieldStart("content");
            for (ContentPart p : m.content()) part(p, g);
            g.writeEndArray();
        } else if (m.content().isEmpty() && m.role() == Role.ASSISTANT) {
            g.writeNullField("content");
        } else {
            g.writeStringField("content", m.text());
        }
        if (m.name().isPresent()) g.writeStringField("name", m.name().get());
        if (!m.toolCalls().isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (ToolCall c : m.toolCalls()) toolCall(c, g);
            g.writeEndArray();
        }
        if (m.toolCallId().isPresent()) g.writeStringField("tool_call_id", m.toolCallId().get());
        g.writeEndObject();
    }

    static void toolCall(ToolCall c, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", c.name());
        g.writeStringField("arguments", c.argumentsJson());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void part(ContentPart p, JsonGenerator g) throws IOException {
        switch (p) {
            case ContentPart.Text t -> {
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", t.text());
                g.writeEndObject();
            }
            case ContentPart.ImageUrl i -> {
                g.writeStartObject();
                g.writeStringField("type", "image_url");
                g.writeObjectFieldStart("image_url");
                g.writeStringField("url", i.url());
                g.writeStringField("detail", i.detail());
                g.writeEndObject();
                g.writeEndObject();
            }
            case ContentPart.Other o -> g.writeRawValue(o.json());
        }
    }

    private static void params(GenerationParams p, OpenAiQuirks q, JsonGenerator g) throws IOException {
        if (p.maxTokens().isPresent()) g.writeNumberField(q.maxTokensField(), p.maxTokens().getAsInt());
        if (p.temperature().isPresent()) g.writeNumberField("temperature", p.temperature().getAsDouble());
        if (p.topP().isPresent()) g.writeNumberField("top_p", p.topP().getAsDouble());
        if (q.localSampling()) {
            if (p.topK().isPresent()) g.writeNumberField("top_k", p.topK().getAsInt());
            if (p.minP().isPresent()) g.writeNumberField("min_p", p.minP().getAsDouble());
            if (p.repeatPenalty().isPresent()) g.writeNumberField("repeat_penalty", p.repeatPenalty().getAsDouble());
        }
        if (p.frequencyPenalty().isPresent()) g.writeNumberField("frequency_penalty", p.frequencyPenalty().getAsDouble());
        if (p.presencePenalty().isPresent()) g.writeNumberField("presence_penalty", p.presencePenalty().getAsDouble());
        if (p.seed().isPresent()) g.writeNumberField("seed", p.seed().getAsLong());
        if (!p.stop().isEmpty()) {
            g.writeArrayFieldStart("stop");
            for (String s : p.stop()) g.writeString(s);
            g.writeEndArray();
        }
        if (p.logprobs() && q.logprobs()) {
            g.writeBooleanField("logprobs", true);
            if (p.topLogprobs().isPresent()) g.writeNumberField("top_logprobs", p.topLogprobs().getAsInt());
        }
        if (p.n().isPresent()) g.writeNumberField("n", p.n().getAsInt());
    }
}
