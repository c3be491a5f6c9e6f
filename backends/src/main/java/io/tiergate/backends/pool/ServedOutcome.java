package io.tiergate.backends.pool;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.BackendOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A pool call's outcome with its story: {@code servedBy} is the replica whose outcome this is (the
 * one that answered, or the last one tried), empty when no replica could be tried; {@code attempts}
 * lists every try in order.
 */
public record ServedOutcome(BackendOutcome outcome, Optional<BackendInfo> servedBy, List<Attempt> attempts) {
    public ServedOutcome {
        attempts = List.copyOf(attempts);
    }

    /** One try: which replica, how it failed (empty when it answered) and how long it took. */
    public record Attempt(String replicaId, Optional<BackendFailure> failure, Duration took) {}
}
