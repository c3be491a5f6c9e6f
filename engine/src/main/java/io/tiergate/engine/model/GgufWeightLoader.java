package io.tiergate.engine.model;

import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.engine.gguf.GgufTensorInfo;
import io.tiergate.engine.tensor.WeightMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds llama.cpp's tensor names ({@code token_embd}, {@code blk.N.attn_q}, …) to {@link ModelWeights},
 * checking every shape against the configuration so a mismatched file fails at load with the
 * tensor's name, not later with an index error.
 */
public final class GgufWeightLoader {

    private final GgufFile file;
    private final ModelConfig c;

    public GgufWeightLoader(GgufFile file, ModelConfig config) {
        this.file = file;
        this.c = config;
    }

    public ModelWeights load() {
        WeightMatrix embd = matrix("token_embd.weight", c.dim(), c.vocabSize());
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            String p = "blk." + i + ".";
            layers.add(new LayerWeights(
                    vector(p + "attn_norm.weight", c.dim()),
                    matrix(p + "attn_q.weight", c.dim(), c.qDim()),
                    matrix(p + "attn_k.weight", c.dim(), c.kvDim()),
                    matrix(p + "attn_v.weight", c.dim(), c.kvDim()),
                    matrix(p + "attn_output.weight", c.qDim(), c.dim()),
                    optVector(p + "attn_q.bias", c.qDim()),
                    optVector(p + "attn_k.bias", c.kvDim()),
                    optVector(p + "attn_v.bias", c.kvDim()),
                    optVector(p + "attn_q_norm.weight", c.headDim()),
                    optVector(p + "attn_k_norm.weight", c.headDim()),
                    optVector(p + "post_attention_norm.weight", c.dim()),
                    vector(p + "ffn_norm.weight", c.dim()),
                    matrix(p + "ffn_gate.weight", c.dim(), c.ffnDim()),
                    matrix(p + "ffn_up.weight", c.dim(), c.ffnDim()),
                    matrix(p + "ffn_down.weight", c.ffnDim(), c.dim()),
                    optVector(p + "post_ffw_norm.weight", c.dim())));
        }
        WeightMatrix output = file.tensorInfo("output.weight").isPresent() ? matrix("output.weight", c.dim(), c.vocabSize()) : embd;
        return new ModelWeights(embd, layers, vector("output_norm.weight", c.dim()), output,
                optVector("rope_freqs.weight", c.headDim() / 2));
    }

    private GgufTensorInfo info(String name) {
        return file.tensorInfo(name).orElseThrow(() -> new GgufFormatException(file.path(),
                "tensor '" + name + "' is missing (architecture " + c.architecture() + ")"));
    }

    /** A (rows, cols) matrix: ggml shape [cols, rows]. */
    private WeightMatrix matrix(String name, int cols, int rows) {
        GgufTensorInfo t = info(name);
        if (t.shape().length != 2 || t.dim(0) != cols || t.dim(1) != rows) {
            throw new GgufFormatException(file.path(), "tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected [" + cols + ", " + rows + "]");
        }
        return WeightMatrix.of(file.path(), t, file.tensor(t));
    }

    private float[] vector(String name, int n) {
        GgufTensorInfo t = info(name);
        if (t.elements() != n) {
            throw new GgufFormatException(file.path(), "tensor '" + name + "' has " + t.elements() + " elements, expected " + n);
        }
        float[] v = new float[n];
        WeightMatrix.of(file.path(), t, file.tensor(t)).dequantizeRow(0, v, 0);
        return v;
    }

    private Optional<float[]> optVector(String name, int n) {
        return file.tensorInfo(name).isPresent() ? Optional.of(vector(name, n)) : Optional.empty();
    }
}
