package io.tiergate.testkit.dummy;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.Locality;
import io.tiergate.api.Role;
import io.tiergate.api.Usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic backend built in for tests of the pipeline (as TensorZero's dummy provider): it
 * answers "[id] echo: <last user text>" in three streamed pieces with usage (prompt tokens = words in,
 * completion tokens = words out), or fails the way it is told to. It records every chat request it got.
 * It embeds too (a small vector per input, prompt tokens = words in).
 */
public final class DummyBackend implements Backend {
    private final BackendInfo info;
    private final List<ChatRequest> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Optional<BackendFailure.Kind> failWith = Optional.empty();
    private volatile int failAfterChunks = -1;

    public DummyBackend(String id, Locality locality, String provider) {
        this.info = new BackendInfo(id, locality, provider, Optional.empty(), List.of("dummy"));
    }

    /** From now on, every call fails with {@code kind} before any chunk. */
    public DummyBackend failing(BackendFailure.Kind kind) {
        this.failWith = Optional.of(kind);
        this.failAfterChunks = -1;
        return this;
    }

    /** From now on, a streamed call sends {@code chunks} chunks and then breaks. */
    public DummyBackend breakingAfter(int chunks) {
        this.failWith = Optional.empty();
        this.failAfterChunks = chunks;
        return this;
    }

    public DummyBackend healthy() {
        this.failWith = Optional.empty();
        this.failAfterChunks = -1;
        return this;
    }

    public int calls() {
        return calls.get();
    }

    public List<ChatRequest> received() {
        return List.copyOf(received);
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public BackendOutcome chat(ChatRequest request, ChatStream stream) {
        calls.incrementAndGet();
        received.add(request);
        if (failWith.isPresent()) {
            return new BackendOutcome.Failed(new BackendFailure(failWith.get(), info.id(), "told to fail",
                    Optional.of(502), Optional.empty(), false));
        }
        String last = request.messages().isEmpty() ? "" : request.messages().getLast().text();
        String text = "[" + info.id() + "] echo: " + last;
        Usage usage = new Usage(words(request), words(text), 0, 0);
        String id = "chatcmpl-dummy-" + calls.get();
        if (request.stream()) {
            String[] pieces = {"[" + info.id() + "]", " echo:", " " + last};
            for (int i = 0; i < pieces.length; i++) {
                if (i == failAfterChunks) {
                    return new BackendOutcome.Failed(new BackendFailure(BackendFailure.Kind.STREAM_BROKEN, info.id(),
                            "connection reset mid-stream", Optional.empty(), Optional.empty(), true));
                }
                ChatChunk.Delta d = new ChatChunk.Delta(0, i == 0 ? Optional.of(Role.ASSISTANT) : Optional.empty(),
                        Optional.of(pieces[i]), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
                if (!stream.onChunk(new ChatChunk(id, request.model(), 0, List.of(d), Optional.empty()))) {
                    return new BackendOutcome.Failed(new BackendFailure(BackendFailure.Kind.CANCELLED, info.id(),
                            "client went away", Optional.empty(), Optional.empty(), true));
                }
            }
            ChatChunk.Delta fin = new ChatChunk.Delta(0, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                    Optional.of("stop"), Optional.empty());
            stream.onChunk(new ChatChunk(id, request.model(), 0, List.of(fin), Optional.empty()));
            stream.onChunk(new ChatChunk(id, request.model(), 0, List.of(), Optional.of(usage)));
        }
        ChatResponse response = new ChatResponse(id, request.model(), 0,
                List.of(new ChatChoice(0, ChatMessage.of(Role.ASSISTANT, text), "stop", Optional.empty())), usage, Optional.empty());
        return new BackendOutcome.Completed(response, Duration.ofMillis(1));
    }

    /** Embeddings: one 4-dimensional vector per input, from its hash; prompt tokens = words in. */
    @Override
    public EmbeddingOutcome embed(EmbeddingRequest request) {
        calls.incrementAndGet();
        if (failWith.isPresent()) {
            return new EmbeddingOutcome.Failed(new BackendFailure(failWith.get(), info.id(), "told to fail",
                    Optional.of(502), Optional.empty(), false));
        }
        List<float[]> vectors = new ArrayList<>();
        long tokens = 0;
        for (String text : request.input()) {
            int h = text.hashCode();
            vectors.add(new float[]{(h & 0xFF) / 255f, ((h >> 8) & 0xFF) / 255f, ((h >> 16) & 0xFF) / 255f, ((h >>> 24) & 0xFF) / 255f});
            tokens += words(text);
        }
        return new EmbeddingOutcome.Completed(request.model(), vectors, new Usage(tokens, 0, 0, 0));
    }

    private static long words(ChatRequest r) {
        return r.messages().stream().mapToLong(m -> words(m.text())).sum();
    }

    private static long words(String s) {
        return s.isBlank() ? 0 : s.trim().split("\\s+").length;
    }
}
