package io.tiergate.engine.residency;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.model.ModelConfig;

/**
 * The most Java heap a resident model's KV caches can take. A {@link io.tiergate.engine.model.Session}
 * is made per request, not per slot at load: it allocates {@value #FIRST_ALLOCATION_TOKENS} positions
 * (or its whole context when shorter) when the request arrives and doubles up to its context as it
 * grows. So at worst {@code parallel} sequences run at their full context while {@code max-queued} more
 * wait, each already holding its first allocation — that is what is charged.
 *
 * @param parallel      sequences decoded together (engine.parallel)
 * @param contextTokens positions per running sequence: engine.context-length capped at the model's trained context
 * @param queued        sequences that may wait with their cache allocated (engine.max-queued)
 * @param queuedTokens  positions a waiting sequence already holds
 * @param bytesPerToken keys and values of every layer for one position, as floats
 */
public record KvCacheFootprint(int parallel, int contextTokens, int queued, int queuedTokens, long bytesPerToken) {

    /** A new Session's first capacity (Session's constructor), in positions. */
    static final int FIRST_ALLOCATION_TOKENS = 256;

    public static KvCacheFootprint of(ModelConfig model, EngineConfig config) {
        int ctx = Math.min(config.contextLength(), model.contextLength());
        return new KvCacheFootprint(config.parallel(), ctx, config.maxQueued(), Math.min(ctx, FIRST_ALLOCATION_TOKENS),
                2L * model.layers() * model.kvDim() * Float.BYTES);
    }

    public long bytes() {
        return bytesPerToken * ((long) parallel * contextTokens + (long) queued * queuedTokens);
    }

    /** How the size came about, for error messages. */
    String explain() {
        return parallel + " parallel × " + contextTokens + " tokens + " + queued + " queued × " + queuedTokens + " tokens, "
                + ByteSize.format(bytesPerToken) + " per token";
    }
}
