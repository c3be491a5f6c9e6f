package io.tiergate.testkit.gguf;

/**
 * The shape of a random-weight model file: an architecture name ({@code llama}, {@code qwen2},
 * {@code qwen3}, {@code gemma3}) and its dimensions. Presets copy published models' shapes.
 */
public record SyntheticModelShape(
        String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffnDim, int vocabSize,
        int contextLength, float ropeBase, float rmsEps, boolean tiedEmbeddings, int slidingWindow) {

    /**
     * A small model (dim 256, so every tensor type including the K-quants fits) for fast tests. Gemma 3
     * ties its output to the token embedding (llama.cpp loads no output tensor for it).
     */
    public static SyntheticModelShape tiny(String architecture) {
        return new SyntheticModelShape(architecture, 256, 2, 4, 2, 64, 512, 512, 512,
                architecture.equals("gemma3") ? 1_000_000f : 10_000f, 1e-5f, architecture.equals("gemma3"),
                architecture.equals("gemma3") ? 16 : 0);
    }

    /** HuggingFaceTB/SmolLM2-135M: 30 layers of 576, 9 query and 3 KV heads, vocabulary 49152. */
    public static SyntheticModelShape smolLm2_135m() {
        return new SyntheticModelShape("llama", 576, 30, 9, 3, 64, 1536, 49152, 8192, 100_000f, 1e-5f, true, 0);
    }

    /** Qwen/Qwen2.5-0.5B: 24 layers of 896, 14 query and 2 KV heads, vocabulary 151936. */
    public static SyntheticModelShape qwen25_05b() {
        return new SyntheticModelShape("qwen2", 896, 24, 14, 2, 64, 4864, 151936, 32768, 1_000_000f, 1e-6f, true, 0);
    }

    public long parameters() {
        long perLayer = (long) dim * heads * headDim * 2 + (long) dim * kvHeads * headDim * 2 + 3L * dim * ffnDim;
        return perLayer * layers + (long) vocabSize * dim * (tiedEmbeddings ? 1 : 2);
    }
}
