package io.tiergate.router.learn;

/** Fits {@link LogisticModel} by full-batch Adam on weighted soft-label cross-entropy plus L2. */
public final class LogisticTrainer {
    private LogisticTrainer() {}

    public static LogisticModel train(TrainingSet data, double l2, int epochs) {
        int n = data.size();
        int d = data.dimension();
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
            for (int j = 0; j < d; j++) grad[j] += l2 * w[j];
            adam.step(w, grad);
        }
        double[] weights = java.util.Arrays.copyOf(w, d);
        return new LogisticModel(w[d], weights);
    }
}
