package io.tiergate.testkit.gguf;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a random-weight GGUF model file in the real layout of llama.cpp's converter for the shape's
 * architecture: the same tensor names and shapes, the {@code <arch>.*} metadata and a
 * {@link SyntheticVocabulary}. Matrices use {@code weightType}; norms and biases are F32 as in
 * published files. Weights are uniform with standard deviation 1/sqrt(fan-in), seeded, so a file is
 * reproducible.
 */
public final class SyntheticModelWriter {

    private SyntheticModelWriter() {}

    public static Path write(Path file, SyntheticModelShape s, GgufTensorType weightType, long seed) {
        return write(file, s, weightType, seed, java.util.Map.of());
    }

    /** As {@link #write(Path, SyntheticModelShape, GgufTensorType, long)}, with extra string metadata (e.g. a chat template). */
    public static Path write(Path file, SyntheticModelShape s, GgufTensorType weightType, long seed, java.util.Map<String, String> extra) {
        return write(file, s, QuantMix.uniform(weightType), seed, extra);
    }

    /** A file whose weight types follow {@code mix} (e.g. {@link QuantMix#q4KM()}). */
    public static Path write(Path file, SyntheticModelShape s, QuantMix mix, long seed, java.util.Map<String, String> extra) {
        return write(file, s, mix, seed, extra, WeightScales.defaults());
    }

    /** As {@link #write(Path, SyntheticModelShape, QuantMix, long, java.util.Map)} with weight scales other than the defaults. */
    public static Path write(Path file, SyntheticModelShape s, QuantMix mix, long seed, java.util.Map<String, String> extra,
                             WeightScales scales) {
        return write(file, s, mix, seed, scales, w -> extra.forEach(w::putString));
    }

    /** As above, with extra metadata of any type, written by {@code metadata} after the architecture's and tokenizer's keys. */
    public static Path write(Path file, SyntheticModelShape s, QuantMix mix, long seed, WeightScales scales,
                             java.util.function.Consumer<GgufWriter> metadata) {
        String a = s.architecture();
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", a)
                .putString("general.name", "synthetic-" + a)
                .putUint32("general.file_type", 1)
                .putUint32(a + ".context_length", s.contextLength())
                .putUint32(a + ".embedding_length", s.dim())
                .putUint32(a + ".block_count", s.layers())
                .putUint32(a + ".feed_forward_length", s.ffnDim())
                .putUint32(a + ".attention.head_count", s.heads())
                .putUint32(a + ".attention.head_count_kv", s.kvHeads())
                .putUint32(a + ".attention.key_length", s.headDim())
                .putUint32(a + ".attention.value_length", s.headDim())
                .putFloat32(a + ".attention.layer_norm_rms_epsilon", s.rmsEps())
                .putFloat32(a + ".rope.freq_base", s.ropeBase());
        if (a.equals("llama")) w.putUint32("llama.rope.dimension_count", s.headDim()).putUint32("llama.vocab_size", s.vocabSize());
        if (s.slidingWindow() > 0) w.putUint32(a + ".attention.sliding_window", s.slidingWindow());
        w.putString("tokenizer.ggml.model", "gpt2")
                .putString("tokenizer.ggml.pre", a.equals("qwen2") || a.equals("qwen3") ? "qwen2" : "default")
                .putStringArray("tokenizer.ggml.tokens", SyntheticVocabulary.tokens(s.vocabSize()))
                .putInt32Array("tokenizer.ggml.token_type", SyntheticVocabulary.tokenTypes(s.vocabSize()))
                .putStringArray("tokenizer.ggml.merges", List.of())
                .putUint32("tokenizer.ggml.bos_token_id", SyntheticVocabulary.EOS)
                .putUint32("tokenizer.ggml.eos_token_id", SyntheticVocabulary.IM_END)
                .putUint32("tokenizer.ggml.padding_token_id", SyntheticVocabulary.EOS)
                .putBool("tokenizer.ggml.add_bos_token", false);
        metadata.accept(w);
        int[] tensorIndex = {0};
        Tensors t = new Tensors(w, mix, s.layers(), seed, tensorIndex);
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        t.matrix("token_embd.weight", s.dim(), s.vocabSize(), scales.embeddingStd());
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            t.norm(p + "attn_norm.weight", s.dim());
            t.matrix(p + "attn_q.weight", s.dim(), q, 1 / Math.sqrt(s.dim()));
            t.matrix(p + "attn_k.weight", s.dim(), kv, 1 / Math.sqrt(s.dim()));
            t.matrix(p + "attn_v.weight", s.dim(), kv, 1 / Math.sqrt(s.dim()));
            if (a.equals("qwen2")) {
                t.bias(p + "attn_q.bias", q);
                t.bias(p + "attn_k.bias", kv);
                t.bias(p + "attn_v.bias", kv);
            }
            if (a.equals("qwen3") || a.equals("gemma3")) {
                t.norm(p + "attn_q_norm.weight", s.headDim());
                t.norm(p + "attn_k_norm.weight", s.headDim());
            }
            t.matrix(p + "attn_output.weight", q, s.dim(), 1 / Math.sqrt(q));
            if (a.equals("gemma3")) t.norm(p + "post_attention_norm.weight", s.dim(), scales.postNormCenter());
            t.norm(p + "ffn_norm.weight", s.dim());
            t.matrix(p + "ffn_gate.weight", s.dim(), s.ffnDim(), 1 / Math.sqrt(s.dim()));
            t.matrix(p + "ffn_up.weight", s.dim(), s.ffnDim(), 1 / Math.sqrt(s.dim()));
            t.matrix(p + "ffn_down.weight", s.ffnDim(), s.dim(), 1 / Math.sqrt(s.ffnDim()));
            if (a.equals("gemma3")) t.norm(p + "post_ffw_norm.weight", s.dim(), scales.postNormCenter());
        }
        t.norm("output_norm.weight", s.dim());
        if (!s.tiedEmbeddings()) t.matrix("output.weight", s.dim(), s.vocabSize(), 1 / Math.sqrt(s.dim()));
        return w.write(file);
    }

    private record Tensors(GgufWriter w, QuantMix mix, int layers, long seed, int[] index) {

        void matrix(String name, int cols, int rows, double std) {
            long tensorSeed = seed * 1_000_003L + index[0]++;
            float a = (float) (std * Math.sqrt(3));
            int layer = name.startsWith("blk.") ? Integer.parseInt(name.split("\\.")[1]) : -1;
            GgufTensorType type = mix.choose().apply(new QuantMix.TensorSpec(name, cols, layer, layers));
            w.tensor(name, type, new long[]{cols, rows}, r -> uniform(tensorSeed, r, cols, a, 0));
        }

        void norm(String name, int n) {
            norm(name, n, 1f);
        }

        void norm(String name, int n, float center) {
            long tensorSeed = seed * 1_000_003L + index[0]++;
            w.tensor(name, GgufTensorType.F32, new long[]{n}, r -> uniform(tensorSeed, r, n, 0.2f, center));
        }

        void bias(String name, int n) {
            long tensorSeed = seed * 1_000_003L + index[0]++;
            w.tensor(name, GgufTensorType.F32, new long[]{n}, r -> uniform(tensorSeed, r, n, 0.1f, 0f));
        }

        private static float[] uniform(long tensorSeed, long row, int n, float halfWidth, float center) {
            SplittableRandom rnd = new SplittableRandom(tensorSeed * 0x9E3779B97F4A7C15L + row);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = center + (float) (rnd.nextDouble() * 2 - 1) * halfWidth;
            return v;
        }
    }
}
