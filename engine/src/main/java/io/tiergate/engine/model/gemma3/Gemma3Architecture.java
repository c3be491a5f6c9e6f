package io.tiergate.engine.model.gemma3;

import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.model.Activation;
import io.tiergate.engine.model.Architecture;
import io.tiergate.engine.model.ArchitectureTraits;
import io.tiergate.engine.model.Architectures;
import io.tiergate.engine.model.ModelConfig;
import io.tiergate.engine.model.RopeStyle;

/**
 * Gemma 3: token embeddings scaled by sqrt(dim); GeGLU (tanh GELU); per-head Q/K RMSNorm; "sandwich"
 * norms after attention and after the feed-forward block; five sliding-window layers (local RoPE base
 * {@code rope.freq_base_swa}, 10000 when absent) for every global one (the file's rope.freq_base, with
 * linear scaling on the larger models).
 * The converter already added the +1 of Gemma's RMSNorm weights, and Gemma 3 has no logit softcapping.
 */
public final class Gemma3Architecture implements Architecture {

    /** Every sixth layer (5, 11, …) is global; the rest use the sliding window (llama.cpp's n_swa_pattern). */
    private static final int SLIDING_PATTERN = 6;
    private static final float LOCAL_ROPE_BASE = 10_000f;
    private static final int GEMMA3_27B_LAYERS = 62;

    @Override
    public String name() {
        return "gemma3";
    }

    @Override
    public ModelConfig config(GgufMetadata m) {
        ModelConfig c = Architecture.standardConfig(name(), m);
        // Gemma 3 files may omit the rope base; its global layers use 1e6.
        float base = m.optFloat(name() + ".rope.freq_base").orElse(1_000_000f);
        return new ModelConfig(c.architecture(), c.dim(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.ffnDim(),
                c.vocabSize(), c.contextLength(), m.optFloat(name() + ".attention.layer_norm_rms_epsilon").orElse(1e-6f), base);
    }

    @Override
    public ArchitectureTraits traits(GgufMetadata m, ModelConfig c) {
        int window = (int) m.optInteger(name() + ".attention.sliding_window").orElse(0);
        // Gemma 3 27B (62 layers) scales queries by 1/sqrt(dim / heads) (query_pre_attn_scalar), the others by 1/sqrt(headDim).
        double scaleBase = c.layers() == GEMMA3_27B_LAYERS ? (double) c.dim() / c.heads() : c.headDim();
        // Current converters write the local base (rope_local_base_freq) and llama.cpp honours it; older files lack it.
        float localBase = m.optFloat(name() + ".rope.freq_base_swa").orElse(LOCAL_ROPE_BASE);
        return new ArchitectureTraits(RopeStyle.NEOX, Activation.GELU_TANH, (float) Math.sqrt(c.dim()),
                (float) (1 / Math.sqrt(scaleBase)), window, l -> l % SLIDING_PATTERN < SLIDING_PATTERN - 1,
                localBase, Architectures.linearRopeScale(name(), m));
    }
}
