package io.tiergate.backends.pool;

import io.tiergate.api.BackendInfo;
import io.tiergate.api.ChatChunk;

/**
 * A stream that also learns which replica each chunk comes from, so the gateway can name the serving
 * replica in the response headers it sends with the first chunk. Returns false when the client is gone.
 */
@FunctionalInterface
public interface ReplicaStream {
    boolean onChunk(BackendInfo replica, ChatChunk chunk);
}
