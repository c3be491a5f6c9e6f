package io.tiergate.router.learn;

import java.util.ArrayList;
import java.util.List;

/**
 * Standardized inputs with their labels. The label of an item is max(0, strong − weak): with 1/0
 * correctness it is 1 exactly when the weak model fails where the strong one succeeds, so the model
 * learns P(weak worse than strong); with preferences in [0, 1] it is the size of the strong model's
 * advantage. (A symmetric (1 + strong − weak) / 2 label scored 0.578 instead of 0.583 held-out APGR
 * on MMLU-Pro.) {@code group}
 * tells which routing file (model pair) an item came from; each group weighs the same in training.
 */
public record TrainingSet(double[][] z, double[] labels, double[] weak, double[] strong, int[] group, int groups) {

    public int size() {
        return labels.length;
    }

    public int dimension() {
        return z[0].length;
    }

    public static double label(double weak, double strong) {
        return Math.max(0, strong - weak);
    }

    /** Weight per item: every group adds up to the same total, so a big file does not drown a small one. */
    public double[] balancedWeights() {
        int[] counts = new int[groups];
        for (int g : group) counts[g]++;
        double[] w = new double[size()];
        for (int i = 0; i < w.length; i++) w[i] = size() / (double) (groups * counts[group[i]]);
        return w;
    }

    /** The same items with other labels (one per item, in order). */
    public TrainingSet withLabels(double[] other) {
        if (other.length != size()) throw new IllegalArgumentException("expected " + size() + " labels, got " + other.length);
        return new TrainingSet(z, other, weak, strong, group, groups);
    }

    /** The items of one group. */
    public TrainingSet only(int g) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < size(); i++) if (group[i] == g) idx.add(i);
        return subset(idx.stream().mapToInt(Integer::intValue).toArray());
    }

    public TrainingSet subset(int[] idx) {
        double[][] z2 = new double[idx.length][];
        double[] y2 = new double[idx.length];
        double[] w2 = new double[idx.length];
        double[] s2 = new double[idx.length];
        int[] g2 = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            z2[k] = z[idx[k]];
            y2[k] = labels[idx[k]];
            w2[k] = weak[idx[k]];
            s2[k] = strong[idx[k]];
            g2[k] = group[idx[k]];
        }
        return new TrainingSet(z2, y2, w2, s2, g2, groups);
    }
}
