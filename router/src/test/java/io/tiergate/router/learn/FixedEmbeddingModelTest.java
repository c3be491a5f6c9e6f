package io.tiergate.router.learn;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The explanation shortcut (kNN evaluated once per request) must give exactly the model's own log-odds. */
class FixedEmbeddingModelTest {
    private static final int SHAPE = 15;
    private static final int DIM = KnnModel.DIM;

    @Test
    void blendWithFixedEmbeddingMatchesTheFullModelWhenShapeFeaturesChange() {
        Random random = new Random(7);
        int prototypes = 40;
        byte[] vectors = new byte[prototypes * DIM];
        float[] scales = new float[prototypes];
        float[] labels = new float[prototypes];
        float[] weights = new float[prototypes];
        for (int i = 0; i < prototypes; i++) {
            double[] v = unit(random);
            scales[i] = KnnModel.quantize(v, vectors, i);
            labels[i] = random.nextFloat();
            weights[i] = 1 + random.nextInt(20);
        }
        double[] mean = new double[DIM];
        double[] scale = new double[DIM];
        java.util.Arrays.fill(scale, 1);
        KnnModel knn = new KnnModel(5, SHAPE, mean, scale, vectors, scales, labels, weights, 0.3);
        double[] w = new double[SHAPE + DIM];
        for (int j = 0; j < w.length; j++) w[j] = random.nextGaussian();
        BlendModel blend = new BlendModel(List.of(new LogisticModel(-0.4, w), knn), new double[] {0.5, 0.5});

        double[] z = new double[SHAPE + DIM];
        double[] e = unit(random);
        System.arraycopy(e, 0, z, SHAPE, DIM);
        var fixed = blend.withEmbeddingOf(z);
        for (int trial = 0; trial < 20; trial++) {
            for (int j = 0; j < SHAPE; j++) z[j] = random.nextGaussian();
            assertThat(fixed.applyAsDouble(z)).isCloseTo(blend.logit(z), within(1e-12));
        }
        // Moving the shape features does move the score (the shortcut is not a constant).
        z[0] = 5;
        double a = fixed.applyAsDouble(z);
        z[0] = -5;
        assertThat(fixed.applyAsDouble(z)).isNotCloseTo(a, within(1e-6));
    }

    private static double[] unit(Random random) {
        double[] v = new double[DIM];
        double n = 0;
        for (int j = 0; j < DIM; j++) {
            v[j] = random.nextGaussian();
            n += v[j] * v[j];
        }
        for (int j = 0; j < DIM; j++) v[j] /= Math.sqrt(n);
        return v;
    }
}
