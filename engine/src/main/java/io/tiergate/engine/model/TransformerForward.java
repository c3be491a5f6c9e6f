package io.tiergate.engine.model;

import io.tiergate.engine.tensor.ThreadPoolKernels;
import io.tiergate.engine.tensor.WeightMatrix;

import java.util.List;
import java.util.Optional;

/**
 * The decoder-only forward pass shared by every architecture, over a batch of segments: the rows of
 * all segments are stacked so each weight matrix is read once per pass (prompt processing and
 * continuous batching of several sequences alike); attention reads each row's own session cache.
 * Activations are {@code (rows, width)} float arrays.
 */
public final class TransformerForward {

    private final ModelConfig c;
    private final ArchitectureTraits traits;
    private final ModelWeights w;
    private final ThreadPoolKernels kernels;

    public TransformerForward(ModelConfig config, ArchitectureTraits traits, ModelWeights weights, ThreadPoolKernels kernels) {
        this.c = config;
        this.traits = traits;
        this.w = weights;
        this.kernels = kernels;
    }

    /** Appends each segment's tokens to its session and returns the logits after each segment's last token. */
    public float[][] forward(List<Segment> segments) {
        int n = segments.stream().mapToInt(s -> s.tokens().length).sum();
        Session[] rowSession = new Session[n];
        int[] rowPos = new int[n];
        int[] rowToken = new int[n];
        int r = 0;
        for (Segment s : segments) {
            s.session().ensureCapacity(s.session().length() + s.tokens().length);
            for (int i = 0; i < s.tokens().length; i++, r++) {
                rowSession[r] = s.session();
                rowPos[r] = s.session().length() + i;
                rowToken[r] = s.tokens()[i];
            }
        }
        int dim = c.dim();
        float[] x = new float[n * dim];
        for (int t = 0; t < n; t++) {
            if (rowToken[t] < 0 || rowToken[t] >= c.vocabSize()) {
                throw new IllegalArgumentException("token id " + rowToken[t] + " outside the vocabulary of " + c.vocabSize());
            }
            w.tokenEmbedding().dequantizeRow(rowToken[t], x, t * dim);
            if (traits.embeddingScale() != 1f) {
                for (int i = 0; i < dim; i++) x[t * dim + i] *= traits.embeddingScale();
            }
        }
        if (scratch == null || scratch.rows() < n) scratch = new Buffers(c, n);
        Buffers b = scratch;
        global = null;
        local = null;
        for (int l = 0; l < c.layers(); l++) layer(l, w.layers().get(l), x, b, rowSession, rowPos);
        for (Segment s : segments) s.session().advance(s.tokens().length);
        return logits(segments, x);
    }

    /** Activation scratch for up to {@code rows} rows, reused across passes (passes are serialised by Model). */
    private record Buffers(int rows, float[] xb, float[] q, float[] k, float[] v, float[] att, float[] o, float[] gate, float[] up) {
        Buffers(ModelConfig c, int n) {
            this(n, new float[n * c.dim()], new float[n * c.qDim()], new float[n * c.kvDim()], new float[n * c.kvDim()],
                    new float[n * c.qDim()], new float[n * c.dim()], new float[n * c.ffnDim()], new float[n * c.ffnDim()]);
        }
    }

    private Buffers scratch;
    /** RoPE cos/sin of this pass's rows (cos of row t at 2t, sin at 2t+1), computed once per pass, not per layer. */
    private float[][] global;
    private float[][] local;

    private float[][] globalAngles(int[] rowPos) {
        if (global == null) global = angles(rowPos, c.ropeBase(), traits.ropeScale(), w.ropeFactors());
        return global;
    }

    private float[][] localAngles(int[] rowPos) {
        if (local == null) local = angles(rowPos, traits.localRopeBase(), 1f, Optional.empty());
        return local;
    }

    private float[][] angles(int[] rowPos, float base, float scale, Optional<float[]> factors) {
        int half = c.headDim() / 2;
        float[][] a = new float[2 * rowPos.length][];
        for (int t = 0; t < rowPos.length; t++) {
            a[2 * t] = new float[half];
            a[2 * t + 1] = new float[half];
            Rope.angles(rowPos[t], c.headDim(), base, scale, factors, a[2 * t], a[2 * t + 1]);
        }
        return a;
    }

    private void layer(int l, LayerWeights lw, float[] x, Buffers b, Session[] rowSession, int[] rowPos) {
        int n = rowPos.length;
        int dim = c.dim();
        int kvDim = c.kvDim();
        int hd = c.headDim();
        RmsNorm.apply(x, 0, b.xb(), 0, lw.attnNorm(), dim, n, c.rmsEps());
        kernels.matMulAll(new WeightMatrix[]{lw.wq(), lw.wk(), lw.wv()}, b.xb(), n, new float[][]{b.q(), b.k(), b.v()});
        addBias(b.q(), lw.bq(), n);
        addBias(b.k(), lw.bk(), n);
        addBias(b.v(), lw.bv(), n);
        if (lw.qNorm().isPresent()) RmsNorm.apply(b.q(), 0, b.q(), 0, lw.qNorm().get(), hd, n * c.heads(), c.rmsEps());
        if (lw.kNorm().isPresent()) RmsNorm.apply(b.k(), 0, b.k(), 0, lw.kNorm().get(), hd, n * c.kvHeads(), c.rmsEps());
        boolean sliding = traits.slidingWindow() > 0 && traits.isSlidingLayer().test(l);
        float[][] angles = sliding ? localAngles(rowPos) : globalAngles(rowPos);
        for (int t = 0; t < n; t++) {
            float[] cos = angles[2 * t];
            float[] sin = angles[2 * t + 1];
            for (int h = 0; h < c.heads(); h++) Rope.rotate(b.q(), t * c.qDim() + h * hd, hd, traits.rope(), cos, sin);
            for (int h = 0; h < c.kvHeads(); h++) Rope.rotate(b.k(), t * kvDim + h * hd, hd, traits.rope(), cos, sin);
            Session s = rowSession[t];
            System.arraycopy(b.k(), t * kvDim, s.keys(l), rowPos[t] * kvDim, kvDim);
            System.arraycopy(b.v(), t * kvDim, s.values(l), rowPos[t] * kvDim, kvDim);
        }
        Attention.compute(c, l, rowSession, rowPos, b.q(), b.att(), traits.attentionScale(), sliding ? traits.slidingWindow() : 0, kernels);
        kernels.matMul(lw.wo(), b.att(), n, b.o());
        if (lw.postAttnNorm().isPresent()) RmsNorm.apply(b.o(), 0, b.o(), 0, lw.postAttnNorm().get(), dim, n, c.rmsEps());
        for (int i = 0; i < n * dim; i++) x[i] += b.o()[i];

        RmsNorm.apply(x, 0, b.xb(), 0, lw.ffnNorm(), dim, n, c.rmsEps());
        kernels.matMulAll(new WeightMatrix[]{lw.wGate(), lw.wUp()}, b.xb(), n, new float[][]{b.gate(), b.up()});
        Activation act = traits.activation();
        float[] g = b.gate();
        float[] u = b.up();
        // on all threads: one exp or tanh per element, 117k per token on Qwen2.5-0.5B, ~1 ms on one thread
        kernels.parallelFor(n * c.ffnDim(), 512, (from, to) -> {
            for (int i = from; i < to; i++) g[i] = act.apply(g[i]) * u[i];
        });
        kernels.matMul(lw.wDown(), g, n, b.o());
        if (lw.postFfnNorm().isPresent()) RmsNorm.apply(b.o(), 0, b.o(), 0, lw.postFfnNorm().get(), dim, n, c.rmsEps());
        for (int i = 0; i < n * dim; i++) x[i] += b.o()[i];
    }

    private static void addBias(float[] y, Optional<float[]> bias, int n) {
        if (bias.isEmpty()) return;
        float[] bv = bias.get();
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < bv.length; i++) y[t * bv.length + i] += bv[i];
        }
    }

    private float[][] logits(List<Segment> segments, float[] x) {
        int dim = c.dim();
        int s = segments.size();
        float[] last = new float[s * dim];
        int row = -1;
        for (int i = 0; i < s; i++) {
            row += segments.get(i).tokens().length;
            RmsNorm.apply(x, row * dim, last, i * dim, w.outputNorm(), dim, 1, c.rmsEps());
        }
        int vocab = w.output().rows();
        float[] all = new float[s * vocab];
        kernels.matMul(w.output(), last, s, all);
        if (s == 1) return new float[][]{all}; // generation: the row is the whole array, no copy
        float[][] out = new float[s][];
        for (int i = 0; i < s; i++) out[i] = java.util.Arrays.copyOfRange(all, i * vocab, (i + 1) * vocab);
        return out;
    }
}
