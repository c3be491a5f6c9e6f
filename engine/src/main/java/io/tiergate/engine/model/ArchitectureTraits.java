package io.tiergate.engine.model;

import java.util.function.IntPredicate;

/**
 * What distinguishes one architecture's forward pass from another's, so the pass is written once.
 *
 * @param rope            pairing of RoPE dimensions
 * @param activation      feed-forward gate activation
 * @param embeddingScale  factor on token embeddings (Gemma: sqrt(dim)); 1 elsewhere
 * @param attentionScale  factor on q·k (usually 1/sqrt(headDim))
 * @param slidingWindow   tokens a sliding-window layer sees (0 = no sliding window)
 * @param isSlidingLayer  which layers use the sliding window and the local RoPE base
 * @param localRopeBase   RoPE frequency base of sliding-window layers
 * @param ropeScale       position scale of the global layers (1 / linear scaling factor)
 */
public record ArchitectureTraits(
        RopeStyle rope,
        Activation activation,
        float embeddingScale,
        float attentionScale,
        int slidingWindow,
        IntPredicate isSlidingLayer,
        float localRopeBase,
        float ropeScale) {

    /** SwiGLU, 1/sqrt(headDim) attention, no sliding window, NEOX RoPE with the given position scale (Qwen2, Qwen3). */
    public static ArchitectureTraits neox(ModelConfig c, float ropeScale) {
        return new ArchitectureTraits(RopeStyle.NEOX, Activation.SILU, 1f, (float) (1 / Math.sqrt(c.headDim())), 0, l -> false,
                c.ropeBase(), ropeScale);
    }

    public static ArchitectureTraits standard(RopeStyle rope, ModelConfig c) {
        return new ArchitectureTraits(rope, Activation.SILU, 1f, (float) (1 / Math.sqrt(c.headDim())), 0, l -> false,
                c.ropeBase(), 1f);
    }
}
