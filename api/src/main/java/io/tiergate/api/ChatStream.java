package io.tiergate.api;

/**
 * Where a streaming backend sends its chunks, in order, as they arrive.
 * {@code onChunk} returns false when the receiver is gone (the client disconnected): the backend must
 * then stop and cancel its upstream work.
 */
@FunctionalInterface
public interface ChatStream {
    boolean onChunk(ChatChunk chunk);

    /** A stream that accepts and drops everything; for non-streamed calls. */
    ChatStream DISCARD = chunk -> true;
}
