package io.tiergate.router.learn;

/**
 * k nearest training prompts by cosine similarity of their embeddings (the last 384 inputs, before
 * standardizing, are unit vectors); the score is their mean label, smoothed toward the base rate.
 *
 * @param embeddings (n × 384) row-major unit vectors of the training prompts
 */
public record KnnModel(int k, int embeddingOffset, double[] embeddingMean, double[] embeddingScale, float[] embeddings,
                       float[] labels, double prior) implements DifficultyModel {
    private static final int DIM = 384;

    @Override
    public double logit(double[] z) {
        // Undo the standardization of the embedding part to compare unit vectors.
        double[] q = new double[DIM];
        for (int j = 0; j < DIM; j++) q[j] = z[embeddingOffset + j] * embeddingScale[j] + embeddingMean[j];
        int n = labels.length;
        double[] bestSim = new double[k];
        int[] bestIdx = new int[k];
        java.util.Arrays.fill(bestSim, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * DIM;
            for (int j = 0; j < DIM; j++) s += embeddings[row + j] * q[j];
            if (s > bestSim[k - 1]) {
                int p = k - 1;
                while (p > 0 && bestSim[p - 1] < s) {
                    bestSim[p] = bestSim[p - 1];
                    bestIdx[p] = bestIdx[p - 1];
                    p--;
                }
                bestSim[p] = s;
                bestIdx[p] = i;
            }
        }
        double sum = prior * 2;
        for (int m = 0; m < Math.min(k, n); m++) sum += labels[bestIdx[m]];
        double p = sum / (Math.min(k, n) + 2);
        p = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(p / (1 - p));
    }
}
