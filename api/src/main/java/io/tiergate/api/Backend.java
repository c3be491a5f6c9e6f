package io.tiergate.api;

/**
 * Runs chat requests on one model server (or the in-process engine).
 * When {@code request.stream()} is true the backend sends each chunk to {@code stream} as it arrives
 * and still returns the assembled response; otherwise {@code stream} is not called.
 * Expected failures (refused, timeout, overload, 5xx) come back as {@link BackendOutcome.Failed},
 * never as exceptions. Implementations are thread-safe.
 */
public interface Backend extends AutoCloseable {
    BackendInfo info();

    BackendOutcome chat(ChatRequest request, ChatStream stream);

    /** Embeddings, for backends that have them. */
    default EmbeddingOutcome embed(EmbeddingRequest request) {
        return new EmbeddingOutcome.Failed(new BackendFailure(BackendFailure.Kind.UNSUPPORTED, info().id(),
                "backend '" + info().id() + "' does not serve embeddings", java.util.Optional.empty(),
                java.util.Optional.empty(), false));
    }

    /** A cheap liveness probe for active health checks; true when the backend answers. */
    default boolean probe() {
        return true;
    }

    @Override
    default void close() {}
}
