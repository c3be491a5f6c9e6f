package io.tiergate.backends.pool;

import io.tiergate.api.BackendInfo;
import io.tiergate.api.EmbeddingOutcome;

import java.util.List;
import java.util.Optional;

/** An embedding call's outcome with the replica that served it (as {@link ServedOutcome} for chat). */
public record ServedEmbedding(EmbeddingOutcome outcome, Optional<BackendInfo> servedBy, List<ServedOutcome.Attempt> attempts) {
    public ServedEmbedding {
        attempts = List.copyOf(attempts);
    }
}
