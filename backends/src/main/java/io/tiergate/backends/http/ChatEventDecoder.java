package io.tiergate.backends.http;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;

import java.util.List;
import java.util.Optional;

/**
 * One wire dialect's view of a chat call: how a whole answer and each stream event decode into our
 * records. Stream decoders may keep state across events, so one is made per call.
 * Decoding may throw {@link io.tiergate.backends.UpstreamProtocolException} on malformed input.
 */
public interface ChatEventDecoder {
    sealed interface Step {
        /** Chunks to send on, in order (usually one). */
        record Emit(List<ChatChunk> chunks) implements Step {
            public Emit {
                chunks = List.copyOf(chunks);
            }

            public Emit(ChatChunk chunk) {
                this(List.of(chunk));
            }
        }

        /** An event that carries nothing for the client (ping, block stop). */
        record Skip() implements Step {}

        /** The upstream said the stream is complete ([DONE], message_stop). */
        record Done() implements Step {}

        /** The upstream reported an error inside the stream. */
        record Fail(BackendFailure.Kind kind, String message) implements Step {}

        Step SKIP = new Skip();
        Step DONE = new Done();
    }

    Step decode(SseReader.Event event);

    ChatResponse decodeWhole(byte[] body);

    /** The human message inside an error body, if the dialect's shape is recognised. */
    Optional<String> errorMessage(byte[] body);
}
