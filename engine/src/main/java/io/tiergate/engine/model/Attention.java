package io.tiergate.engine.model;

import io.tiergate.engine.tensor.Scratch;
import io.tiergate.engine.tensor.ThreadPoolKernels;
import io.tiergate.engine.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal multi-head attention with grouped KV heads over each row's own session cache: for row t at
 * position p, head h reads KV head h / (heads / kvHeads) at positions [start, p], where start is 0 or,
 * in sliding-window layers, p - window + 1.
 */
final class Attention {

    private Attention() {}

    static void compute(ModelConfig c, int layer, Session[] rowSession, int[] rowPos, float[] q, float[] out,
                        float scale, int window, ThreadPoolKernels kernels) {
        int n = rowPos.length;
        int heads = c.heads();
        int hd = c.headDim();
        int kvDim = c.kvDim();
        int group = heads / c.kvHeads();
        // one (row, head) per item: generation has only `heads` items, each a pass over the whole cache
        kernels.parallelFor(n * heads, 1, (from, to) -> {
            for (int item = from; item < to; item++) {
                int t = item / heads;
                int h = item % heads;
                int pos = rowPos[t];
                int start = window > 0 ? Math.max(0, pos - window + 1) : 0;
                int len = pos - start + 1;
                float[] scores = Scratch.scores(len);
                float[] keys = rowSession[t].keys(layer);
                float[] values = rowSession[t].values(layer);
                int qOff = t * c.qDim() + h * hd;
                int kvOff = (h / group) * hd;
                int first = start * kvDim + kvOff;
                float max = hd == CHUNK ? scores4(q, qOff, keys, first, kvDim, len, scale, scores)
                        : scores(q, qOff, keys, first, kvDim, len, hd, scale, scores);
                float sum = Vectors.expShifted(scores, len, max);
                int oOff = t * c.qDim() + h * hd;
                if (hd % CHUNK == 0) {
                    for (int d = 0; d < hd; d += CHUNK) weightedValues4(values, first + d, kvDim, len, scores, sum, out, oOff + d);
                } else {
                    java.util.Arrays.fill(out, oOff, oOff + hd, 0f);
                    for (int j = 0; j < len; j++) Vectors.axpy(scores[j] / sum, values, first + j * kvDim, out, oOff, hd);
                }
            }
        });
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Head dimensions the fast loops take at a time: four vectors (64 floats with AVX-512). */
    private static final int CHUNK = 4 * F.length();

    /** scores[j] = (q · key j) * scale for keys at {@code first}, {@code first + kvDim}, …; returns the largest. */
    private static float scores(float[] q, int qOff, float[] keys, int first, int kvDim, int len, int hd, float scale, float[] scores) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            float s = Vectors.dot(q, qOff, keys, first + j * kvDim, hd) * scale;
            scores[j] = s;
            if (s > max) max = s;
        }
        return max;
    }

    /**
     * As {@link #scores} for a head of four vectors, with q held in registers and the products summed
     * in {@link Vectors#dot}'s order, so the same scores (AttentionProbe-style timing: 5.0 → 4.0 ns per
     * head and position).
     */
    private static float scores4(float[] q, int qOff, float[] keys, int first, int kvDim, int len, float scale, float[] scores) {
        int n = F.length();
        FloatVector q0 = FloatVector.fromArray(F, q, qOff), q1 = FloatVector.fromArray(F, q, qOff + n),
                q2 = FloatVector.fromArray(F, q, qOff + 2 * n), q3 = FloatVector.fromArray(F, q, qOff + 3 * n);
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0, k = first; j < len; j++, k += kvDim) {
            FloatVector p = q0.fma(FloatVector.fromArray(F, keys, k), FloatVector.zero(F));
            p = q1.fma(FloatVector.fromArray(F, keys, k + n), p);
            p = q2.fma(FloatVector.fromArray(F, keys, k + 2 * n), p);
            p = q3.fma(FloatVector.fromArray(F, keys, k + 3 * n), p);
            float s = p.reduceLanes(VectorOperators.ADD) * scale;
            scores[j] = s;
            if (s > max) max = s;
        }
        return max;
    }

    /**
     * out[oOff .. oOff + CHUNK) = Σ_j (scores[j] / sum) * value j's CHUNK floats at {@code first + j * kvDim}:
     * the sums kept in four registers over all positions, where an axpy per position loaded and stored
     * them through memory (each position waiting on the last one's store: 10 → 3.5 ns per head and
     * position); per lane the same operations in the same order, so the same floats.
     */
    private static void weightedValues4(float[] values, int first, int kvDim, int len, float[] scores, float sum, float[] out, int oOff) {
        int n = F.length();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int j = 0, v = first; j < len; j++, v += kvDim) {
            FloatVector w = FloatVector.broadcast(F, scores[j] / sum);
            a0 = FloatVector.fromArray(F, values, v).fma(w, a0);
            a1 = FloatVector.fromArray(F, values, v + n).fma(w, a1);
            a2 = FloatVector.fromArray(F, values, v + 2 * n).fma(w, a2);
            a3 = FloatVector.fromArray(F, values, v + 3 * n).fma(w, a3);
        }
        a0.intoArray(out, oOff);
        a1.intoArray(out, oOff + n);
        a2.intoArray(out, oOff + 2 * n);
        a3.intoArray(out, oOff + 3 * n);
    }

}
