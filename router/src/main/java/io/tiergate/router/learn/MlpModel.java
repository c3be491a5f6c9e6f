package io.tiergate.router.learn;

/**
 * One hidden layer of ReLU units: logit = b2 + w2 · relu(W1 z + b1).
 *
 * @param hidden (hiddenUnits × inputs) row-major weights W1
 */
public record MlpModel(int inputs, int hiddenUnits, float[] hidden, float[] hiddenBias, float[] output, double outputBias)
        implements DifficultyModel {
    @Override
    public double logit(double[] z) {
        double s = outputBias;
        for (int h = 0; h < hiddenUnits; h++) {
            double a = hiddenBias[h];
            int row = h * inputs;
            for (int j = 0; j < inputs; j++) a += hidden[row + j] * z[j];
            if (a > 0) s += output[h] * a;
        }
        return s;
    }
}
