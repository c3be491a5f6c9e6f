package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;
import io.tiergate.backends.http.ChatEventDecoder;
import io.tiergate.backends.http.SseReader;

import java.util.Arrays;
import java.util.Optional;

/**
 * OpenAI's stream: each data event is one chat.completion.chunk; "[DONE]" ends it; an {"error": ...} event
 * fails it. One per call: its chunk reader reuses the stream's id and model strings from event to event.
 */
final class OpenAiEventDecoder implements ChatEventDecoder {
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};
    private final OpenAiChunkReader chunks = new OpenAiChunkReader();

    @Override
    public Step decode(SseReader.Event event) {
        byte[] data = event.data();
        if (Arrays.equals(data, DONE)) return Step.DONE;
        if (data.length == 0) return Step.SKIP;
        Optional<ChatChunk> chunk = chunks.read(data);
        if (chunk.isPresent()) return new Step.Emit(chunk.get());
        // An error event: rare, so read as a tree again for the message (or, failing that, the whole event).
        JsonNode node = OpenAiJson.parseUpstream(data);
        return new Step.Fail(BackendFailure.Kind.SERVER_ERROR, OpenAiJson.errorMessage(node).orElse(node.toString()));
    }

    @Override
    public ChatResponse decodeWhole(byte[] body) {
        return OpenAiJson.readChatResponse(body);
    }

    @Override
    public Optional<String> errorMessage(byte[] body) {
        return OpenAiJson.errorMessage(body);
    }
}
