package io.tiergate.engine.model;

import io.tiergate.engine.gguf.GgufMetadata;

/** One model family: how its GGUF metadata maps to a configuration and forward-pass traits. */
public interface Architecture {

    /** The {@code general.architecture} value this handles, e.g. "llama". */
    String name();

    ModelConfig config(GgufMetadata metadata);

    ArchitectureTraits traits(GgufMetadata metadata, ModelConfig config);

    /** The standard {@code <arch>.*} keys every supported family uses. */
    static ModelConfig standardConfig(String arch, GgufMetadata m) {
        int dim = (int) m.integer(arch + ".embedding_length");
        int heads = (int) m.integer(arch + ".attention.head_count");
        int kvHeads = (int) m.optInteger(arch + ".attention.head_count_kv").orElse(heads);
        int headDim = (int) m.optInteger(arch + ".attention.key_length").orElse(dim / heads);
        int vocab = m.optInteger(arch + ".vocab_size").isPresent() ? (int) m.integer(arch + ".vocab_size")
                : m.stringArray("tokenizer.ggml.tokens").size();
        return new ModelConfig(arch, dim, (int) m.integer(arch + ".block_count"), heads, kvHeads, headDim,
                (int) m.integer(arch + ".feed_forward_length"), vocab, (int) m.integer(arch + ".context_length"),
                m.optFloat(arch + ".attention.layer_norm_rms_epsilon").orElse(1e-5f),
                m.optFloat(arch + ".rope.freq_base").orElse(10000f));
    }
}
