package io.tiergate.router.learn;

import java.util.SplittableRandom;

/**
 * Builds {@link KnnModel}s: either every training prompt, or {@code clusters} prototypes found by
 * spherical k-means (each carrying its members' mean label and their count), which keeps a router file
 * small: 256 prototypes take about 130 KB where 4,000 prompts take 2 MB.
 */
public final class KnnTrainer {
    private static final int DIM = KnnModel.DIM;
    private static final int KMEANS_ROUNDS = 15;

    private KnnTrainer() {}

    public static KnnModel build(TrainingSet data, Standardizer standardizer, int k) {
        int n = data.size();
        double[][] unit = unitEmbeddings(data, standardizer);
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1);
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) labels[i] = (float) data.labels()[i];
        return model(data, standardizer, k, unit, labels, ones);
    }

    public static KnnModel prototypes(TrainingSet data, Standardizer standardizer, int clusters, int k, long seed) {
        double[][] unit = unitEmbeddings(data, standardizer);
        int n = unit.length;
        int c = Math.min(clusters, n);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[c][];
        for (int j = 0; j < c; j++) centres[j] = unit[random.nextInt(n)].clone();
        int[] assign = new int[n];
        for (int round = 0; round < KMEANS_ROUNDS; round++) {
            for (int i = 0; i < n; i++) assign[i] = nearest(centres, unit[i]);
            double[][] sums = new double[c][DIM];
            int[] counts = new int[c];
            for (int i = 0; i < n; i++) {
                counts[assign[i]]++;
                for (int j = 0; j < DIM; j++) sums[assign[i]][j] += unit[i][j];
            }
            for (int j = 0; j < c; j++) {
                if (counts[j] == 0) {
                    centres[j] = unit[random.nextInt(n)].clone(); // re-seed an empty cluster
                } else {
                    centres[j] = normalized(sums[j]);
                }
            }
        }
        float[] labels = new float[c];
        float[] weights = new float[c];
        for (int i = 0; i < n; i++) {
            labels[assign[i]] += (float) data.labels()[i];
            weights[assign[i]]++;
        }
        for (int j = 0; j < c; j++) labels[j] = weights[j] == 0 ? 0 : labels[j] / weights[j];
        return model(data, standardizer, k, centres, labels, weights);
    }

    private static KnnModel model(TrainingSet data, Standardizer standardizer, int k, double[][] vectors, float[] labels, float[] weights) {
        int offset = data.dimension() - DIM;
        double[] mean = new double[DIM];
        double[] scale = new double[DIM];
        System.arraycopy(standardizer.mean(), offset, mean, 0, DIM);
        System.arraycopy(standardizer.scale(), offset, scale, 0, DIM);
        byte[] q = new byte[vectors.length * DIM];
        float[] scales = new float[vectors.length];
        for (int i = 0; i < vectors.length; i++) scales[i] = KnnModel.quantize(vectors[i], q, i);
        double prior = 0;
        for (double y : data.labels()) prior += y / data.size();
        return new KnnModel(k, offset, mean, scale, q, scales, labels, weights, prior);
    }

    private static double[][] unitEmbeddings(TrainingSet data, Standardizer standardizer) {
        int offset = data.dimension() - DIM;
        double[][] out = new double[data.size()][DIM];
        for (int i = 0; i < data.size(); i++) {
            double[] z = data.z()[i];
            for (int j = 0; j < DIM; j++) out[i][j] = z[offset + j] * standardizer.scale()[offset + j] + standardizer.mean()[offset + j];
        }
        return out;
    }

    private static int nearest(double[][] centres, double[] v) {
        int best = 0;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < centres.length; j++) {
            double s = 0;
            for (int d = 0; d < DIM; d++) s += centres[j][d] * v[d];
            if (s > bestSim) {
                bestSim = s;
                best = j;
            }
        }
        return best;
    }

    private static double[] normalized(double[] v) {
        double norm = 0;
        for (double x : v) norm += x * x;
        norm = Math.sqrt(norm);
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) out[j] = norm == 0 ? 0 : v[j] / norm;
        return out;
    }
}
