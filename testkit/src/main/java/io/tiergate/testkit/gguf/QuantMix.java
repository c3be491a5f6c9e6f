package io.tiergate.testkit.gguf;

import java.util.function.Function;

/**
 * Which type each weight tensor gets. {@link #uniform} is one type everywhere; {@link #q4KM} follows
 * llama.cpp's Q4_K_M recipe: Q4_K by default, Q6_K for the output/tied embedding and for attn_v and
 * ffn_down in the first and last eighth of the layers and every third layer between; rows that are
 * not a multiple of 256 fall back as llama.cpp does (Q4_K to Q5_0, Q6_K to Q8_0).
 */
public record QuantMix(String name, Function<TensorSpec, GgufTensorType> choose) {

    /** A weight tensor: its name, row length (columns), layer (-1 outside the blocks) and layer count. */
    public record TensorSpec(String name, long cols, int layer, int layers) {}

    public static QuantMix uniform(GgufTensorType type) {
        return new QuantMix(type.name(), t -> type);
    }

    public static QuantMix q4KM() {
        return new QuantMix("Q4_K_M", t -> {
            boolean moreBits = t.layer() >= 0 && (t.layer() < t.layers() / 8 || t.layer() >= 7 * t.layers() / 8
                    || (t.layer() - t.layers() / 8) % 3 == 2);
            boolean wide = t.name().equals("output.weight") || t.name().equals("token_embd.weight")
                    || (moreBits && (t.name().endsWith("attn_v.weight") || t.name().endsWith("ffn_down.weight")));
            GgufTensorType k = wide ? GgufTensorType.Q6_K : GgufTensorType.Q4_K;
            if (t.cols() % 256 == 0) return k;
            return k == GgufTensorType.Q6_K ? GgufTensorType.Q8_0 : GgufTensorType.Q5_0;
        });
    }
}
