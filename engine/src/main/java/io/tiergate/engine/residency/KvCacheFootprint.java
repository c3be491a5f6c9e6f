package io.tiergate.engine.residency;

import io.tiergate.api.ByteSize;
import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.model.ModelConfig;

/**
 * The most Java heap a resident model's KV caches can take. A {@link io.tiergate.engine.model.Session}
 * is made per request and allocates nothing until its sequence runs, then grows to at most its context;
 * so at worst {@code parallel} sequences run at their full context (waiting ones hold no cache) — that is
 * what is charged.
 *
 * @param parallel      sequences decoded together: engine.parallel, or fewer when the heap allows fewer ({@link #fittedTo})
 * @param contextTokens positions per running sequence: engine.context-length capped at the model's trained context
 * @param bytesPerToken keys and values of every layer for one position, as floats
 */
public record KvCacheFootprint(int parallel, int contextTokens, long bytesPerToken) {

    public static KvCacheFootprint of(ModelConfig model, EngineConfig config) {
        int ctx = Math.min(config.contextLength(), model.contextLength());
        return new KvCacheFootprint(config.parallel(), ctx, 2L * model.layers() * model.kvDim() * Float.BYTES);
    }

    public long bytes() {
        return bytesPerToken * parallel * contextTokens;
    }

    /** One sequence at its full context. */
    public long bytesPerSequence() {
        return bytesPerToken * contextTokens;
    }

    /**
     * As many parallel sequences as the heap's KV allowance holds, at most the configured number (as
     * Ollama lowers its parallel slots to what memory allows); none when not even one fits.
     */
    public int slotsWithin(long kvBytes) {
        return (int) Math.min(parallel, kvBytes / bytesPerSequence());
    }

    public KvCacheFootprint withParallel(int slots) {
        return new KvCacheFootprint(slots, contextTokens, bytesPerToken);
    }

    /** How the size came about, for error messages. */
    String explain() {
        return parallel + " parallel × " + contextTokens + " tokens, " + ByteSize.format(bytesPerToken) + " per token";
    }
}
