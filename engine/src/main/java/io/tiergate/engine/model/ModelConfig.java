package io.tiergate.engine.model;

/**
 * The shape of a decoder-only transformer as read from GGUF metadata ({@code <arch>.*} keys).
 * {@code headDim} is the per-head size of queries and keys ({@code attention.key_length}), which
 * need not be {@code dim / heads} (Qwen3, Gemma 3). Context length is the trained maximum.
 */
public record ModelConfig(
        String architecture,
        int dim,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int ffnDim,
        int vocabSize,
        int contextLength,
        float rmsEps,
        float ropeBase) {

    public ModelConfig {
        if (dim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || ffnDim <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException("model dimensions must be positive: " + dim + "/" + layers + "/" + heads
                    + "/" + kvHeads + "/" + headDim + "/" + ffnDim + "/" + vocabSize);
        }
        if (heads % kvHeads != 0) throw new IllegalArgumentException("heads " + heads + " not a multiple of kv heads " + kvHeads);
        if (headDim % 2 != 0) throw new IllegalArgumentException("head dimension " + headDim + " is odd");
    }

    /** Width of all query heads together. */
    public int qDim() {
        return heads * headDim;
    }

    /** Width of all key (or value) heads together. */
    public int kvDim() {
        return kvHeads * headDim;
    }
}
