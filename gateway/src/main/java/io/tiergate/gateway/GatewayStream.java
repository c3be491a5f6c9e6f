package io.tiergate.gateway;

import io.tiergate.api.ChatChunk;

/**
 * Receives a streamed completion. The route comes with every chunk so the first chunk can carry the
 * response headers; it does not change within one stream. Returns false when the client is gone.
 */
@FunctionalInterface
public interface GatewayStream {
    boolean onChunk(RouteInfo route, ChatChunk chunk);

    /** As {@link io.tiergate.api.ChatStream#onChunk(ChatChunk, boolean)}: may hold the chunk until {@link #flush}. */
    default boolean onChunk(RouteInfo route, ChatChunk chunk, boolean hold) {
        return onChunk(route, chunk);
    }

    default void flush() {}
}
