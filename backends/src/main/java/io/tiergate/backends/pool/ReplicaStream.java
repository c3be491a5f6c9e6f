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

    /** As {@link io.tiergate.api.ChatStream#onChunk(ChatChunk, boolean)}: may hold the chunk until {@link #flush}. */
    default boolean onChunk(BackendInfo replica, ChatChunk chunk, boolean hold) {
        return onChunk(replica, chunk);
    }

    default void flush() {}

    /** A stream that does not care which replica serves. */
    static ReplicaStream ignoringReplica(io.tiergate.api.ChatStream stream) {
        return new ReplicaStream() {
            @Override
            public boolean onChunk(BackendInfo replica, ChatChunk chunk) {
                return stream.onChunk(chunk);
            }

            @Override
            public boolean onChunk(BackendInfo replica, ChatChunk chunk, boolean hold) {
                return stream.onChunk(chunk, hold);
            }

            @Override
            public void flush() {
                stream.flush();
            }
        };
    }

    /** This stream as a backend's {@link io.tiergate.api.ChatStream} for one replica; {@code onEach} runs before each chunk. */
    default io.tiergate.api.ChatStream forReplica(BackendInfo replica, Runnable onEach) {
        ReplicaStream target = this;
        return new io.tiergate.api.ChatStream() {
            @Override
            public boolean onChunk(ChatChunk chunk) {
                onEach.run();
                return target.onChunk(replica, chunk);
            }

            @Override
            public boolean onChunk(ChatChunk chunk, boolean hold) {
                onEach.run();
                return target.onChunk(replica, chunk, hold);
            }

            @Override
            public void flush() {
                target.flush();
            }
        };
    }
}
