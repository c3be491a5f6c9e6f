package io.tiergate.engine.model.qwen2;

import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.model.Architecture;
import io.tiergate.engine.model.ArchitectureTraits;
import io.tiergate.engine.model.Architectures;
import io.tiergate.engine.model.ModelConfig;

/** Qwen2 / Qwen2.5: as Llama, plus biases on the Q, K and V projections, and NEOX RoPE. */
public final class Qwen2Architecture implements Architecture {

    @Override
    public String name() {
        return "qwen2";
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
