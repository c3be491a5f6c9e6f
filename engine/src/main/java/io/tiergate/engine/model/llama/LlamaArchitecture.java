package io.tiergate.engine.model.llama;

import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.model.Architecture;
import io.tiergate.engine.model.ArchitectureTraits;
import io.tiergate.engine.model.Architectures;
import io.tiergate.engine.model.ModelConfig;
import io.tiergate.engine.model.RopeStyle;

/**
 * Llama (Llama 2/3.x, SmolLM2, TinyLlama): RMSNorm, SwiGLU, grouped-query attention and RoPE over
 * adjacent pairs (the converter permuted Q/K for it); Llama 3.1 adds per-pair rope_freqs factors.
 */
public final class LlamaArchitecture implements Architecture {

    @Override
    public String name() {
        return "llama";
    }

    @Override
    public ModelConfig config(GgufMetadata m) {
        return Architecture.standardConfig(name(), m);
    }

    @Override
    public ArchitectureTraits traits(GgufMetadata m, ModelConfig c) {
        ArchitectureTraits t = ArchitectureTraits.standard(RopeStyle.NORMAL, c);
        return new ArchitectureTraits(t.rope(), t.activation(), t.embeddingScale(), t.attentionScale(), 0, l -> false,
                c.ropeBase(), Architectures.linearRopeScale(name(), m));
    }
}
