package io.tiergate.engine.backend;

import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatStream;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Streamed chunks handed from a model's batch thread to the request's own thread, which writes them to
 * the client. Written on the batch thread, one client that stops reading (its socket buffer full, the
 * write blocked) stalled every sequence of the model. A client {@link #MAX_QUEUED} chunks behind is not
 * reading: its sequence is cancelled as if it had gone away.
 */
final class HandOffStream implements ChatStream {

    /** Chunks (about tokens) a client may fall behind by before its generation is cancelled. */
    static final int MAX_QUEUED = 4096;

    /** Put after the last chunk when the generation ends, so the request thread wakes at once rather than polling. */
    private static final ChatChunk END = new ChatChunk("", "", 0, java.util.List.of(), java.util.Optional.empty());

    private final ChatStream receiver;
    private final BlockingQueue<ChatChunk> queue;
    private volatile boolean receiverGone;
    private volatile boolean direct;

    HandOffStream(ChatStream receiver) {
        this(receiver, MAX_QUEUED);
    }

    HandOffStream(ChatStream receiver, int maxQueued) {
        this.receiver = receiver;
        this.queue = new LinkedBlockingQueue<>(maxQueued + 1); // + END
    }

    @Override
    public boolean onChunk(ChatChunk chunk) {
        if (receiverGone) return false;
        if (direct) return forward(chunk);
        if (queue.remainingCapacity() <= 1 || !queue.offer(chunk)) receiverGone = true; // one place kept for END
        return !receiverGone;
    }

    /**
     * On the request thread: writes chunks as they arrive until {@code done} completes, then the rest;
     * later chunks (the finish and usage the caller sends itself) go straight through. Returns
     * {@code done}'s result ({@link CompletableFuture#join} semantics).
     */
    <T> T deliverUntil(CompletableFuture<T> done) {
        done.whenComplete((result, failure) -> queue.offer(END)); // after the generation's last chunk
        boolean delivered = false;
        try {
            for (ChatChunk c = queue.take(); c != END; c = queue.take()) {
                if (!receiverGone) forward(c);
            }
            delivered = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!delivered) receiverGone = true; // the receiver failed or we were interrupted: the sequence stops at its next chunk
        }
        direct = true;
        return done.join();
    }

    private boolean forward(ChatChunk chunk) {
        if (!receiver.onChunk(chunk)) receiverGone = true;
        return !receiverGone;
    }
}
