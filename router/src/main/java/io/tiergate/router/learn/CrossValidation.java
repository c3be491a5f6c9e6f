package io.tiergate.router.learn;

import io.tiergate.router.eval.SeededSplit;

import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Repeated k-fold cross-validated APGR inside the training split: every item is scored once per repeat by a model
 * that did not see it. It is less noisy than the one validation part (a quarter of the training split: 141
 * AlpacaEval items), so training settings (labels, penalties) are chosen by it. Folds come from fixed seeds.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /**
     * Cross-validated APGR: {@code mean} over routing files (each model pair counts the same) and per file
     * ({@code perFile}, NaN where a file's strong model never wins), each averaged over repeats and folds.
     */
    public record Result(double mean, double[] perFile) {}

    /** Every fold of every repeat is scored by a model trained on the other folds. */
    public static Result apgr(Function<TrainingSet, DifficultyModel> trainer, TrainingSet data, int folds, long[] seeds) {
        double[] sum = new double[data.groups()];
        int[] counted = new int[data.groups()];
        for (long seed : seeds) {
            int[] fold = folds(data.size(), folds, seed);
            for (int f = 0; f < folds; f++) {
                DifficultyModel model = trainer.apply(data.subset(indices(fold, f, false)));
                TrainingSet heldOut = data.subset(indices(fold, f, true));
                for (int g = 0; g < data.groups(); g++) {
                    double apgr = ModelSelection.meanApgr(model, heldOut.only(g));
                    if (Double.isNaN(apgr)) continue;
                    sum[g] += apgr;
                    counted[g]++;
                }
            }
        }
        double[] perFile = new double[sum.length];
        double total = 0;
        int files = 0;
        for (int g = 0; g < sum.length; g++) {
            perFile[g] = counted[g] == 0 ? Double.NaN : sum[g] / counted[g];
            if (counted[g] > 0) {
                total += perFile[g];
                files++;
            }
        }
        return new Result(files == 0 ? Double.NaN : total / files, perFile);
    }

    /** Fold number per item: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
    static int[] folds(int n, int folds, long seed) {
        int[] order = SeededSplit.order(n, seed);
        int[] fold = new int[n];
        for (int k = 0; k < n; k++) fold[order[k]] = k % folds;
        return fold;
    }

    private static int[] indices(int[] fold, int f, boolean inFold) {
        return IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == inFold).toArray();
    }
}
