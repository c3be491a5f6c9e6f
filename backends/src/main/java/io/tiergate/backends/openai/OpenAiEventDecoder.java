package io.tiergate.backends.openai;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.ChatResponse;
import io.tiergate.backends.http.ChatEventDecoder;
import io.tiergate.backends.http.SseReader;

import java.util.Optional;

/** OpenAI's stream: each data event is one chat.completion.chunk; "[DONE]" ends it; an {"error": ...} event fails it. */
final class OpenAiEventDecoder implements ChatEventDecoder {
    static final OpenAiEventDecoder INSTANCE = new OpenAiEventDecoder();
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    @Override
    public Step decode(SseReader.Event event) {
        byte[] data = event.data();
        if (java.util.Arrays.equals(data, DONE)) return Step.DONE;
        if (data.length == 0) return Step.SKIP;
        var node = OpenAiJson.parseUpstream(data);
        if (node.has("error")) {
            return new Step.Fail(BackendFailure.Kind.SERVER_ERROR, OpenAiJson.errorMessage(node).orElse(node.toString()));
        }
        return new Step.Emit(OpenAiJson.readChatChunk(node));
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
