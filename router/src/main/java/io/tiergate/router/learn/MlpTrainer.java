package io.tiergate.router.learn;

import java.util.SplittableRandom;

/** Fits {@link MlpModel} (one ReLU layer) by mini-batch Adam on weighted soft-label cross-entropy plus L2. */
public final class MlpTrainer {
    private static final int BATCH = 64;

    private MlpTrainer() {}

    public static MlpModel train(TrainingSet data, int hiddenUnits, double l2, int epochs, long seed) {
        int n = data.size();
        int d = data.dimension();
        int hh = hiddenUnits;
        SplittableRandom random = new SplittableRandom(seed);
        // Layout of the flat parameter array: W1 (hh × d), b1 (hh), w2 (hh), b2 (1).
        double[] p = new double[hh * d + hh + hh + 1];
        int b1 = hh * d;
        int w2 = b1 + hh;
        int b2 = w2 + hh;
        double scale1 = Math.sqrt(2.0 / d);
        for (int i = 0; i < hh * d; i++) p[i] = gaussian(random) * scale1;
        for (int h = 0; h < hh; h++) p[w2 + h] = gaussian(random) * Math.sqrt(1.0 / hh);
        double[] sampleWeights = data.balancedWeights();
        Adam adam = new Adam(p.length, 0.001);
        double[] grad = new double[p.length];
        double[] act = new double[hh];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                java.util.Arrays.fill(grad, 0);
                for (int k = start; k < end; k++) {
                    int i = order[k];
                    double[] z = data.z()[i];
                    double s = p[b2];
                    for (int h = 0; h < hh; h++) {
                        double a = p[b1 + h];
                        int row = h * d;
                        for (int j = 0; j < d; j++) a += p[row + j] * z[j];
                        act[h] = Math.max(0, a);
                        s += p[w2 + h] * act[h];
                    }
                    double err = (DifficultyModel.sigmoid(s) - data.labels()[i]) * sampleWeights[i] / (end - start);
                    grad[b2] += err;
                    for (int h = 0; h < hh; h++) {
                        grad[w2 + h] += err * act[h];
                        if (act[h] <= 0) continue;
                        double e = err * p[w2 + h];
                        grad[b1 + h] += e;
                        int row = h * d;
                        for (int j = 0; j < d; j++) grad[row + j] += e * z[j];
                    }
                }
                for (int j = 0; j < b1; j++) grad[j] += l2 * p[j];
                adam.step(p, grad);
            }
        }
        float[] hidden = new float[hh * d];
        float[] hiddenBias = new float[hh];
        float[] out = new float[hh];
        for (int i = 0; i < hh * d; i++) hidden[i] = (float) p[i];
        for (int h = 0; h < hh; h++) {
            hiddenBias[h] = (float) p[b1 + h];
            out[h] = (float) p[w2 + h];
        }
        return new MlpModel(d, hh, hidden, hiddenBias, out, p[b2]);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
