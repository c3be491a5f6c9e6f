package io.tiergate.api;

/**
 * Where a streaming backend sends its chunks, in order, as they arrive.
 * {@code onChunk} returns false when the receiver is gone (the client disconnected): the backend must
 * then stop and cancel its upstream work.
 */
@FunctionalInterface
public interface ChatStream {
    /** Delivers {@code chunk} now (written and flushed to the client before returning). */
    boolean onChunk(ChatChunk chunk);

    /**
     * Delivers {@code chunk}; with {@code hold} the receiver may keep it in its output buffer to send
     * together with the next ones. A caller that holds promises to call {@link #flush} before it
     * waits for anything (e.g. before a socket read that may block), so nothing already received
     * waits on data not yet received. Why: writing each event separately cost one system call per
     * event, about half the gateway's CPU when streaming; events that arrived in one read now leave
     * in one write.
     */
    default boolean onChunk(ChatChunk chunk, boolean hold) {
        return onChunk(chunk);
    }

    /** Sends what {@link #onChunk(ChatChunk, boolean)} held. */
    default void flush() {}

    /** A stream that accepts and drops everything; for non-streamed calls. */
    ChatStream DISCARD = chunk -> true;
}
