package io.tiergate.engine.model;

import io.tiergate.engine.tensor.WeightMatrix;

import java.util.List;
import java.util.Optional;

/**
 * All weights of a model. {@code output} is the token embedding itself when the file ties them.
 * {@code ropeFactors} divides RoPE frequencies per dimension pair (Llama 3.1's rope_freqs).
 */
public record ModelWeights(
        WeightMatrix tokenEmbedding,   // (vocab, dim)
        List<LayerWeights> layers,
        float[] outputNorm,            // (dim)
        WeightMatrix output,           // (vocab, dim)
        Optional<float[]> ropeFactors) { // (headDim / 2)

    public ModelWeights {
        layers = List.copyOf(layers);
    }
}
