package io.tiergate.api;

/**
 * Whether the client that asked for the current call is still connected. Streamed calls learn that a
 * client left from a failed write ({@link ChatStream#onChunk} returns false); an unstreamed call writes
 * nothing until its answer is complete, so the HTTP edge watches the connection instead and binds
 * this around the gateway call. A backend that sees {@link #gone()} stops its work and returns
 * {@link BackendFailure.Kind#CANCELLED}, as for a failed stream write. Why: an abandoned generation
 * would otherwise run to max_tokens, and a client's retry doubles the load.
 */
@FunctionalInterface
public interface ClientPresence {
    /** True once the client's connection is known to be closed; never turns back to false. */
    boolean gone();

    /** Bound by the edge on the request thread around the gateway call; unbound means "always present". */
    ScopedValue<ClientPresence> CURRENT = ScopedValue.newInstance();

    /** A client that never leaves (nothing watches it). */
    ClientPresence PRESENT = () -> false;

    /**
     * The presence bound on this thread, else {@link #PRESENT}. A backend captures it on the calling
     * thread, because generation may run on another (scoped values are not inherited there).
     */
    static ClientPresence current() {
        return CURRENT.isBound() ? CURRENT.get() : PRESENT;
    }
}
