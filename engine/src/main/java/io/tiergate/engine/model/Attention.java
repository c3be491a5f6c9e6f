package io.tiergate.engine.model;

import io.tiergate.engine.tensor.Scratch;
import io.tiergate.engine.tensor.ThreadPoolKernels;
import io.tiergate.engine.tensor.Vectors;

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
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    float s = Vectors.dot(q, qOff, keys, (start + j) * kvDim + kvOff, hd) * scale;
                    scores[j] = s;
                    if (s > max) max = s;
                }
                float sum = Vectors.expShifted(scores, len, max);
                int oOff = t * c.qDim() + h * hd;
                java.util.Arrays.fill(out, oOff, oOff + hd, 0f);
                for (int j = 0; j < len; j++) {
                    float wgt = scores[j] / sum;
                    int vOff = (start + j) * kvDim + kvOff;
                    Vectors.axpy(wgt, values, vOff, out, oOff, hd);
                }
            }
        });
    }

}
