package io.tiergate.engine.model;

import io.tiergate.engine.tensor.ThreadPoolKernels;
import io.tiergate.engine.tensor.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attention over a session's cache for rows at several positions, heads of 64 and 128 (the register
 * loops, with AVX-512 one and two chunks of four vectors) and 48 / 96 (the general loop), grouped KV
 * heads, with and without a sliding window: within float rounding of a double-precision softmax-weighted
 * sum, and within a few float steps of the per-position dot and axpy it replaced (the same operations,
 * but the JIT may order a lane reduction differently in the two places, so not bit for bit).
 */
class AttentionTest {

    @ParameterizedTest(name = "head {0}, {1} heads / {2} kv heads, window {3}")
    @CsvSource({"64, 14, 2, 0", "64, 4, 4, 7", "128, 8, 2, 0", "128, 4, 1, 33", "48, 6, 3, 0", "96, 2, 2, 5"})
    void matchesADoubleReferenceAndThePerPositionLoop(int hd, int heads, int kvHeads, int window) {
        ModelConfig c = new ModelConfig("llama", heads * hd, 2, heads, kvHeads, hd, 64, 32, 512, 1e-5f, 10_000f);
        Random rnd = new Random(hd * 31L + heads + window);
        Session s = new Session(c, 200);
        s.ensureCapacity(200);
        for (int l = 0; l < c.layers(); l++) {
            fill(s.keys(l), rnd);
            fill(s.values(l), rnd);
        }
        int[] rowPos = {0, 1, 37, 150, 199};
        Session[] rowSession = new Session[rowPos.length];
        java.util.Arrays.fill(rowSession, s);
        float[] q = new float[rowPos.length * c.qDim()];
        fill(q, rnd);
        float scale = (float) (1 / Math.sqrt(hd));
        try (ThreadPoolKernels kernels = new ThreadPoolKernels(2)) {
            for (int layer = 0; layer < c.layers(); layer++) {
                float[] out = new float[q.length];
                Attention.compute(c, layer, rowSession, rowPos, q, out, scale, window, kernels);
                double[] exact = doubleReference(c, layer, s, rowPos, q, scale, window);
                float[] old = perPositionLoop(c, layer, s, rowPos, q, scale, window);
                for (int i = 0; i < out.length; i++) {
                    assertThat((double) out[i]).as("layer %d, element %d", layer, i).isCloseTo(exact[i], org.assertj.core.data.Offset.offset(2e-5));
                    // the old loop rounds the same way up to the order the JIT gives a lane reduction (it may differ
                    // between interpreted and compiled code), so a few float steps at most
                    assertThat(Math.abs(out[i] - old[i])).as("layer %d, element %d against the old loop", layer, i)
                            .isLessThanOrEqualTo(8 * Math.ulp(Math.max(Math.abs(out[i]), 1f)));
                }
            }
        }
    }

    private static void fill(float[] a, Random rnd) {
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
    }

    /**
     * One (row, head) of the layer: its query and output at {@code qOff}, and the {@code len} positions it
     * attends to, the first one's key and value at {@code first} of the cache (the next {@code kvDim} on).
     */
    private record Head(int qOff, int first, int len) {
        static List<Head> all(ModelConfig c, int[] rowPos, int window) {
            int hd = c.headDim(), group = c.heads() / c.kvHeads();
            List<Head> heads = new ArrayList<>();
            for (int t = 0; t < rowPos.length; t++) {
                for (int h = 0; h < c.heads(); h++) {
                    int pos = rowPos[t], start = window > 0 ? Math.max(0, pos - window + 1) : 0;
                    heads.add(new Head(t * c.qDim() + h * hd, start * c.kvDim() + (h / group) * hd, pos - start + 1));
                }
            }
            return heads;
        }
    }

    /** The loop before the register kernels: one dot per position, then one axpy per position into out. */
    private static float[] perPositionLoop(ModelConfig c, int layer, Session s, int[] rowPos, float[] q, float scale, int window) {
        int hd = c.headDim(), kvDim = c.kvDim();
        float[] out = new float[q.length];
        for (Head h : Head.all(c, rowPos, window)) {
            float[] scores = new float[h.len()];
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < h.len(); j++) {
                scores[j] = Vectors.dot(q, h.qOff(), s.keys(layer), h.first() + j * kvDim, hd) * scale;
                if (scores[j] > max) max = scores[j];
            }
            float sum = Vectors.expShifted(scores, h.len(), max);
            for (int j = 0; j < h.len(); j++) Vectors.axpy(scores[j] / sum, s.values(layer), h.first() + j * kvDim, out, h.qOff(), hd);
        }
        return out;
    }

    private static double[] doubleReference(ModelConfig c, int layer, Session s, int[] rowPos, float[] q, float scale, int window) {
        int hd = c.headDim(), kvDim = c.kvDim();
        double[] out = new double[q.length];
        for (Head h : Head.all(c, rowPos, window)) {
            double[] w = new double[h.len()];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < h.len(); j++) {
                for (int d = 0; d < hd; d++) w[j] += (double) q[h.qOff() + d] * s.keys(layer)[h.first() + j * kvDim + d];
                w[j] *= scale;
                max = Math.max(max, w[j]);
            }
            for (int j = 0; j < h.len(); j++) sum += w[j] = Math.exp(w[j] - max);
            for (int j = 0; j < h.len(); j++) {
                for (int d = 0; d < hd; d++) out[h.qOff() + d] += w[j] / sum * s.values(layer)[h.first() + j * kvDim + d];
            }
        }
        return out;
    }
}
