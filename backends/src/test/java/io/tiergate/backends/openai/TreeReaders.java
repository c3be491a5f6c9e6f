package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ContentPart;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.ToolCall;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;
import io.tiergate.backends.http.ChatEventDecoder.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tiergate.backends.openai.JsonChecks.absent;

/**
 * The reference for {@link OpenAiChunkReader} and {@link OpenAiResponseReader}: the tree readers that
 * decoded upstream answers before them (OpenAiEventDecoder.decode, OpenAiJson.readChatChunk and
 * readChatResponse, OpenAiChatResponseCodec.readChunk, readResponse and their helpers as of commit
 * f7a81be), kept verbatim so the equivalence tests compare against what shipped.
 */
final class TreeReaders {
    private TreeReaders() {}

    /** The old OpenAiEventDecoder.decode for a data event that is neither "[DONE]" nor empty. */
    static Step decode(byte[] data) {
        var node = OpenAiJson.parseUpstream(data);
        if (node.has("error")) {
            return new Step.Fail(BackendFailure.Kind.SERVER_ERROR, OpenAiJson.errorMessage(node).orElse(node.toString()));
        }
        return new Step.Emit(readChatChunk(node));
    }

    /** The old OpenAiJson.readChatChunk(byte[]). */
    static ChatChunk readChatChunk(byte[] json) {
        return readChatChunk(OpenAiJson.parseUpstream(json));
    }

    private static ChatChunk readChatChunk(JsonNode node) {
        try {
            return readChunk(node);
        } catch (InvalidRequestException e) {
            throw new UpstreamProtocolException("bad stream event: " + e.getMessage());
        }
    }

    private static ChatChunk readChunk(JsonNode root) {
        if (!root.isObject()) throw new UpstreamProtocolException("stream event is not a JSON object");
        if (root.has("error")) {
            throw new UpstreamProtocolException("upstream sent an error event: " + OpenAiJson.errorMessage(root).orElse(root.toString()));
        }
        List<ChatChunk.Delta> deltas = new ArrayList<>();
        for (JsonNode c : root.path("choices")) {
            JsonNode d = c.path("delta");
            List<ChatChunk.ToolCallDelta> calls = new ArrayList<>();
            for (JsonNode tc : d.path("tool_calls")) {
                JsonNode fn = tc.path("function");
                calls.add(new ChatChunk.ToolCallDelta(tc.path("index").asInt(0), textField(tc, "id"), textField(fn, "name"),
                        fn.path("arguments").asText("")));
            }
            Optional<Role> role = textField(d, "role").map(r -> Role.fromWire(r, "choices.delta.role"));
            Optional<String> reasoning = textField(d, "reasoning_content").or(() -> textField(d, "reasoning"));
            deltas.add(new ChatChunk.Delta(c.path("index").asInt(0), role, textField(d, "content"), reasoning, calls,
                    finish(c.get("finish_reason")), logprobs(c.get("logprobs"))));
        }
        return new ChatChunk(root.path("id").asText(""), root.path("model").asText(""), root.path("created").asLong(0),
                deltas, usage(root.get("usage")));
    }

    /** The old OpenAiJson.readChatResponse(byte[]). */
    static ChatResponse readChatResponse(byte[] json) {
        return readResponse(OpenAiJson.parseUpstream(json));
    }

    private static ChatResponse readResponse(JsonNode root) {
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

    private static Optional<String> finish(JsonNode n) {
        return absent(n) ? Optional.empty() : Optional.of(n.asText());
    }

    private static Optional<String> textField(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return absent(n) || !n.isTextual() ? Optional.empty() : Optional.of(n.textValue());
    }

    private static Optional<Usage> usage(JsonNode u) {
        if (absent(u) || !u.isObject()) return Optional.empty();
        return Optional.of(new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0),
                u.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                u.path("completion_tokens_details").path("reasoning_tokens").asLong(0)));
    }

    private static Optional<List<TokenLogprob>> logprobs(JsonNode lp) {
        if (absent(lp) || !lp.path("content").isArray()) return Optional.empty();
        List<TokenLogprob> out = new ArrayList<>();
        for (JsonNode t : lp.get("content")) {
            List<TokenLogprob.Alternative> top = new ArrayList<>();
            for (JsonNode a : t.path("top_logprobs")) top.add(new TokenLogprob.Alternative(a.path("token").asText(""), a.path("logprob").asDouble()));
            out.add(new TokenLogprob(t.path("token").asText(""), t.path("logprob").asDouble(), top));
        }
        return Optional.of(out);
    }
}
