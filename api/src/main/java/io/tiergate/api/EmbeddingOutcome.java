package io.tiergate.api;

import java.util.List;

/** Result of an embedding call: one vector per input, in input order, or a failure. */
public sealed interface EmbeddingOutcome {
    record Completed(String model, List<float[]> vectors, Usage usage) implements EmbeddingOutcome {}

    record Failed(BackendFailure failure) implements EmbeddingOutcome {}
}
