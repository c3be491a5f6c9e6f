package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.backends.UpstreamProtocolException;
import io.tiergate.backends.http.ChatEventDecoder.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tiergate.backends.openai.OpenAiChatResponseCodec.finish;
import static io.tiergate.backends.openai.OpenAiChatResponseCodec.logprobs;
import static io.tiergate.backends.openai.OpenAiChatResponseCodec.textField;
import static io.tiergate.backends.openai.OpenAiChatResponseCodec.usage;

/**
 * The reference for {@link OpenAiChunkReader}: the tree reader that decoded stream events before it
 * (OpenAiEventDecoder.decode, OpenAiJson.readChatChunk and OpenAiChatResponseCodec.readChunk as of
 * commit f7a81be), kept verbatim so the equivalence test compares against what shipped.
 */
final class TreeChunkReader {
    private TreeChunkReader() {}

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
}
