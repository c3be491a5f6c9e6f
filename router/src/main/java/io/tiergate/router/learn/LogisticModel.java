package io.tiergate.router.learn;

/** Logistic regression: logit = bias + weights · z. */
public record LogisticModel(double bias, double[] weights) implements DifficultyModel {
    @Override
    public double logit(double[] z) {
        double s = bias;
        for (int j = 0; j < weights.length; j++) s += weights[j] * z[j];
        return s;
    }
}
