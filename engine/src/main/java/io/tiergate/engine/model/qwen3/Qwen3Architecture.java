package io.tiergate.engine.model.qwen3;

import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.model.Architecture;
import io.tiergate.engine.model.ArchitectureTraits;
import io.tiergate.engine.model.Architectures;
import io.tiergate.engine.model.ModelConfig;

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
        return ArchitectureTraits.neox(c, Architectures.linearRopeScale(name(), m));
    }
}
