package io.tiergate.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Texts to embed; {@code passthroughJson} keeps other top-level fields (name → JSON text). */
public record EmbeddingRequest(String model, List<String> input, OptionalInt dimensions, Optional<String> user,
                               Map<String, String> passthroughJson) {
    public EmbeddingRequest {
        input = List.copyOf(input);
        passthroughJson = Map.copyOf(passthroughJson);
    }

    public EmbeddingRequest withModel(String m) {
        return new EmbeddingRequest(m, input, dimensions, user, passthroughJson);
    }
}
