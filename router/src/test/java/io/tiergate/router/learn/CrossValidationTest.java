package io.tiergate.router.learn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Cross-validated APGR: a model that learns the real signal scores high on folds it never saw, one that cannot learns nothing. */
class CrossValidationTest {
    private static final int SHAPE = 15;
    private static final int DIM = SHAPE + 384;

    /** Items where feature 0 tells whether the weak model fails and the strong one succeeds; the rest is noise. */
    private static TrainingSet data(int n, long seed) {
        Random random = new Random(seed);
        double[][] z = new double[n][DIM];
        double[] labels = new double[n];
        double[] weak = new double[n];
        double[] strong = new double[n];
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < DIM; j++) z[i][j] = random.nextGaussian();
            boolean gain = z[i][0] > 0.5;
            weak[i] = gain ? 0 : 1;
            strong[i] = 1;
            labels[i] = gain ? 1 : 0;
            group[i] = i % 2;
        }
        return new TrainingSet(z, labels, weak, strong, group, 2);
    }

    @Test
    void aModelThatFindsTheSignalScoresNearTheOracleOnUnseenFolds() {
        CrossValidation.Result result = CrossValidation.apgr(ModelSelection.logistic(0.01, 1.0).trainer(), data(400, 1), 5, new long[] {1, 2});
        assertThat(result.mean()).isGreaterThan(0.8);
        assertThat(result.perFile()).hasSize(2);
        assertThat(Arrays.stream(result.perFile()).min().getAsDouble()).isGreaterThan(0.8);
        assertThat(result.mean()).isCloseTo((result.perFile()[0] + result.perFile()[1]) / 2, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void labelsUnrelatedToTheFeaturesGiveAboutRandomRouting() {
        TrainingSet data = data(400, 2);
        double[] shuffled = data.labels().clone();
        // Labels drawn independently of the inputs: whatever a model fits, it cannot rank unseen items.
        Random random = new Random(3);
        for (int i = 0; i < shuffled.length; i++) shuffled[i] = random.nextBoolean() ? 1 : 0;
        double apgr = CrossValidation.apgr(ModelSelection.logistic(0.01, 1.0).trainer(), data.withLabels(shuffled), 5, new long[] {1}).mean();
        assertThat(apgr).isBetween(0.35, 0.65);
    }

    @Test
    void foldsCoverEveryItemOnceAndDifferInSizeByAtMostOne() {
        int[] fold = CrossValidation.folds(103, 5, 9);
        int[] sizes = new int[5];
        for (int f : fold) sizes[f]++;
        assertThat(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt()).isLessThanOrEqualTo(1);
        assertThat(Arrays.stream(sizes).sum()).isEqualTo(103);
        assertThat(CrossValidation.folds(103, 5, 9)).isEqualTo(fold);
        assertThat(CrossValidation.folds(103, 5, 10)).isNotEqualTo(fold);
    }

    @Test
    void wrongLabelCountsAreRefused() {
        TrainingSet data = data(10, 4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> data.withLabels(new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 10 labels");
    }
}
