package io.tiergate.router.learn;

import io.tiergate.router.features.MiniLmSentenceEmbedder;

/**
 * Fits {@link LogisticModel} by full-batch Adam on weighted soft-label cross-entropy plus L2. The few
 * shape features and the 384 embedding values get separate penalties: the embedding needs a strong one
 * or it memorises topics, which would also silence the shape cues that transfer to other benchmarks.
 */
public final class LogisticTrainer {
    private LogisticTrainer() {}

    public static LogisticModel train(TrainingSet data, double l2Shape, double l2Embedding, int epochs) {
        int n = data.size();
        int d = data.dimension();
        int shapeCount = d - MiniLmSentenceEmbedder.DIMENSION;
        double[] sampleWeights = data.balancedWeights();
        double[] w = new double[d + 1]; // last entry is the bias
        Adam adam = new Adam(d + 1, 0.01);
        double[] grad = new double[d + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                double[] z = data.z()[i];
                double s = w[d];
                for (int j = 0; j < d; j++) s += w[j] * z[j];
                double err = (DifficultyModel.sigmoid(s) - data.labels()[i]) * sampleWeights[i] / n;
                for (int j = 0; j < d; j++) grad[j] += err * z[j];
                grad[d] += err;
            }
            for (int j = 0; j < d; j++) grad[j] += (j < shapeCount ? l2Shape : l2Embedding) * w[j];
            adam.step(w, grad);
        }
        double[] weights = java.util.Arrays.copyOf(w, d);
        return new LogisticModel(w[d], weights);
    }
}
