package io.tiergate.engine.model.qwen3;

import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.model.Architecture;
import io.tiergate.engine.model.ArchitectureTraits;
import io.tiergate.engine.model.Architectures;
import io.tiergate.engine.model.ModelConfig;
import io.tiergate.engine.model.RopeStyle;

/**
 * Qwen3: no Q/K/V biases, but an RMSNorm over each query and key head (attn_q_norm / attn_k_norm)
 * before RoPE; the head size (attention.key_length, 128) need not be dim / heads. NEOX RoPE.
 */
public final class Qwen3Architecture implements Architecture {

    @Override
    public String name() {
        return "qwen3";
    }

    @Override
    public ModelConfig config(GgufMetadata m) {
        return Architecture.standardConfig(name(), m);
    }

    @Override
    public ArchitectureTraits traits(GgufMetadata m, ModelConfig c) {
        ArchitectureTraits t = ArchitectureTraits.standard(RopeStyle.NEOX, c);
        return new ArchitectureTraits(t.rope(), t.activation(), 1f, t.attentionScale(), 0, l -> false, c.ropeBase(),
                Architectures.linearRopeScale(name(), m));
    }
}
