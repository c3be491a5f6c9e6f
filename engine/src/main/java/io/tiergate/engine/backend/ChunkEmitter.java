package io.tiergate.engine.backend;

import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatStream;
import io.tiergate.api.Role;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.Usage;
import io.tiergate.engine.generate.GenerationListener;

import java.util.List;
import java.util.Optional;

/**
 * Turns generated text into OpenAI-shaped chunks: the first carries the assistant role, then content
 * deltas (with their tokens' logprobs when asked), the finish reason, and usage when asked. Remembers
 * when the first text arrived (time to first token) and whether the receiver went away.
 */
final class ChunkEmitter implements GenerationListener {

    private final ChatStream stream;
    private final String id;
    private final String model;
    private final long created;
    private final boolean logprobs;
    private final long startNanos = System.nanoTime();
    private long firstTextNanos = -1;
    private boolean roleSent;
    private boolean receiverGone;

    ChunkEmitter(ChatStream stream, String id, String model, long created, boolean logprobs) {
        this.stream = stream;
        this.id = id;
        this.model = model;
        this.created = created;
        this.logprobs = logprobs;
    }

    @Override
    public boolean onText(String text, List<TokenLogprob> lps) {
        if (firstTextNanos < 0) firstTextNanos = System.nanoTime();
        if (text.isEmpty() && lps.isEmpty()) return true;
        return send(new ChatChunk.Delta(0, role(), Optional.of(text), Optional.empty(), List.of(), Optional.empty(),
                logprobs ? Optional.of(lps) : Optional.empty()), Optional.empty());
    }

    void finish(String finishReason, Optional<Usage> usage) {
        send(new ChatChunk.Delta(0, role(), Optional.empty(), Optional.empty(), List.of(), Optional.of(finishReason),
                Optional.empty()), Optional.empty());
        if (usage.isPresent() && !receiverGone) stream.onChunk(new ChatChunk(id, model, created, List.of(), usage));
    }

    boolean receiverGone() {
        return receiverGone;
    }

    boolean started() {
        return roleSent;
    }

    java.time.Duration timeToFirstToken() {
        return java.time.Duration.ofNanos((firstTextNanos < 0 ? System.nanoTime() : firstTextNanos) - startNanos);
    }

    private Optional<Role> role() {
        if (roleSent) return Optional.empty();
        roleSent = true;
        return Optional.of(Role.ASSISTANT);
    }

    private boolean send(ChatChunk.Delta delta, Optional<Usage> usage) {
        if (receiverGone) return false;
        if (!stream.onChunk(new ChatChunk(id, model, created, List.of(delta), usage))) receiverGone = true;
        return !receiverGone;
    }
}
