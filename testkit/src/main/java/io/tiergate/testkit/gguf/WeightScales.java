package io.tiergate.testkit.gguf;

/**
 * Scales of a random-weight file's weights where the defaults give a degenerate model.
 * {@code embeddingStd} is the token embedding's standard deviation (matrices otherwise use
 * 1/sqrt(fan-in)); {@code postNormCenter} the centre of Gemma 3's post-attention and post-FFN norm
 * weights (uniform within ±0.2 of it, like every other norm weight around 1).
 */
public record WeightScales(double embeddingStd, float postNormCenter) {

    public WeightScales {
        if (!(embeddingStd > 0) || !(postNormCenter > 0)) {
            throw new IllegalArgumentException("weight scales must be positive: " + embeddingStd + ", " + postNormCenter);
        }
    }

    /** What {@link SyntheticModelWriter} has always written: embeddings of std 1, norm weights around 1. */
    public static WeightScales defaults() {
        return new WeightScales(1.0, 1f);
    }

    /**
     * For Gemma 3, which multiplies embeddings by sqrt(dim) and ties its output to them: with the
     * defaults the input token dominates the residual stream and its own logit (about dim against
     * about sqrt(dim) for the rest), so the model only repeats its input. Embeddings of std
     * 1/sqrt(dim) (logits of std about 1, like the other architectures) and post-norms around 6 (each
     * block's output then outweighs the scaled embedding about six to one) leave the input token's
     * own logit at about 1.3 standard deviations, so continuations vary.
     */
    public static WeightScales gemma3Balanced(int dim) {
        return new WeightScales(1 / Math.sqrt(dim), 6f);
    }
}
