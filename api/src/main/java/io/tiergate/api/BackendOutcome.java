package io.tiergate.api;

/** How one backend call ended: a whole response (also after streaming, assembled from the chunks), or a failure. */
public sealed interface BackendOutcome {
    record Completed(ChatResponse response, java.time.Duration timeToFirstToken) implements BackendOutcome {}

    record Failed(BackendFailure failure) implements BackendOutcome {}
}
