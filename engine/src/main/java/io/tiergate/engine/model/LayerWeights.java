package io.tiergate.engine.model;

import io.tiergate.engine.tensor.WeightMatrix;

import java.util.Optional;

/**
 * One decoder block's weights. Matrices stay in the mapped file; norms and biases (small vectors) are
 * read as floats. Optional parts exist only in some architectures: q/k/v biases (Qwen2), per-head
 * q/k norms (Qwen3, Gemma 3), post-attention and post-feed-forward norms (Gemma 3).
 */
public record LayerWeights(
        float[] attnNorm,          // (dim)
        WeightMatrix wq,           // (qDim, dim)
        WeightMatrix wk,           // (kvDim, dim)
        WeightMatrix wv,           // (kvDim, dim)
        WeightMatrix wo,           // (dim, qDim)
        Optional<float[]> bq,      // (qDim)
        Optional<float[]> bk,      // (kvDim)
        Optional<float[]> bv,      // (kvDim)
        Optional<float[]> qNorm,   // (headDim)
        Optional<float[]> kNorm,   // (headDim)
        Optional<float[]> postAttnNorm, // (dim)
        float[] ffnNorm,           // (dim)
        WeightMatrix wGate,        // (ffnDim, dim)
        WeightMatrix wUp,          // (ffnDim, dim)
        WeightMatrix wDown,        // (dim, ffnDim)
        Optional<float[]> postFfnNorm) {   // (dim)
}
