package io.tiergate.engine.backend;

import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatStream;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streamed chunks handed from a model's batch thread to the request's own thread, which writes them to
 * the client. Written on the batch thread, one client that stops reading (its socket buffer full, the
 * write blocked) stalled every sequence of the model. A client {@link #MAX_QUEUED} chunks behind is not
 * reading: its sequence is cancelled as if it had gone away.
 */
final class HandOffStream implements ChatStream {

    /** Chunks (about tokens) a client may fall behind by before its generation is cancelled. */
    static final int MAX_QUEUED = 4096;

    private final ChatStream receiver;
    private final BlockingQueue<ChatChunk> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private volatile boolean receiverGone;
    private volatile boolean direct;

    HandOffStream(ChatStream receiver) {
        this.receiver = receiver;
    }

    @Override
    public boolean onChunk(ChatChunk chunk) {
        if (receiverGone) return false;
        if (direct) return forward(chunk);
        if (!queue.offer(chunk)) receiverGone = true;
        return !receiverGone;
    }

    /**
     * On the request thread: writes chunks as they arrive until {@code done} completes, then the rest;
     * later chunks (the finish and usage the caller sends itself) go straight through. Returns
     * {@code done}'s result ({@link CompletableFuture#join} semantics).
     */
    <T> T deliverUntil(CompletableFuture<T> done) {
        boolean delivered = false;
        try {
            while (!done.isDone()) {
                ChatChunk c = queue.poll(2, TimeUnit.MILLISECONDS); // wakes at once for a chunk; 2 ms after the end at most
                if (c != null && !receiverGone) forward(c);
            }
            delivered = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!delivered) receiverGone = true; // the receiver failed or we were interrupted: the sequence stops at its next chunk
        }
        for (ChatChunk c; (c = queue.poll()) != null; ) {
            if (!receiverGone) forward(c);
        }
        direct = true;
        return done.join();
    }

    private boolean forward(ChatChunk chunk) {
        if (!receiver.onChunk(chunk)) receiverGone = true;
        return !receiverGone;
    }
}
