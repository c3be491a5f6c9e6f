package io.tiergate.router.learn;

/**
 * k nearest stored prompts (or prototypes: k-means centres of many prompts) by cosine similarity of
 * embeddings; the score is their count-weighted mean label, smoothed toward the base rate with a prior
 * worth two items. Vectors are stored as int8 with one scale per row (a quarter of float size), which
 * changes cosines by well under 1 %.
 *
 * @param embeddingOffset where the 384 embedding values start in the standardized input
 * @param vectors         (n × 384) int8 row-major; row i is {@code vectors[i] * vectorScales[i]}
 * @param weights         how many training prompts each stored vector stands for
 */
public record KnnModel(int k, int embeddingOffset, double[] embeddingMean, double[] embeddingScale, byte[] vectors,
                       float[] vectorScales, float[] labels, float[] weights, double prior) implements DifficultyModel {
    static final int DIM = 384;
    private static final double PRIOR_WEIGHT = 2;

    @Override
    public double logit(double[] z) {
        // Undo the standardization of the embedding part to compare unit vectors.
        double[] q = new double[DIM];
        for (int j = 0; j < DIM; j++) q[j] = z[embeddingOffset + j] * embeddingScale[j] + embeddingMean[j];
        int n = labels.length;
        int kk = Math.min(k, n);
        double[] bestSim = new double[kk];
        int[] bestIdx = new int[kk];
        java.util.Arrays.fill(bestSim, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * DIM;
            for (int j = 0; j < DIM; j++) s += vectors[row + j] * q[j];
            s *= vectorScales[i];
            if (s > bestSim[kk - 1]) {
                int p = kk - 1;
                while (p > 0 && bestSim[p - 1] < s) {
                    bestSim[p] = bestSim[p - 1];
                    bestIdx[p] = bestIdx[p - 1];
                    p--;
                }
                bestSim[p] = s;
                bestIdx[p] = i;
            }
        }
        double sum = prior * PRIOR_WEIGHT;
        double weight = PRIOR_WEIGHT;
        for (int m = 0; m < kk; m++) {
            sum += weights[bestIdx[m]] * labels[bestIdx[m]];
            weight += weights[bestIdx[m]];
        }
        double p = Math.min(1 - 1e-6, Math.max(1e-6, sum / weight));
        return Math.log(p / (1 - p));
    }

    /** Reads only the embedding part, so with the embedding fixed it is a constant. */
    @Override
    public java.util.function.ToDoubleFunction<double[]> withEmbeddingOf(double[] z) {
        double constant = logit(z);
        return x -> constant;
    }

    /** Quantizes one unit vector to int8 into {@code out} at {@code row}; returns its scale. */
    static float quantize(double[] v, byte[] out, int row) {
        double max = 1e-12;
        for (double x : v) max = Math.max(max, Math.abs(x));
        double scale = max / 127;
        for (int j = 0; j < DIM; j++) out[row * DIM + j] = (byte) Math.round(v[j] / scale);
        return (float) scale;
    }
}
