package io.tiergate.router.learn;

import io.tiergate.router.features.RequestFeatures;

/**
 * Centres and scales the model input (shape features, then the 384 embedding values) with the
 * training set's means and standard deviations, so one learning rate and one L2 penalty fit all inputs.
 */
public record Standardizer(double[] mean, double[] scale) {

    public static double[] raw(RequestFeatures f) {
        double[] x = new double[f.shape().length + f.embedding().length];
        System.arraycopy(f.shape(), 0, x, 0, f.shape().length);
        for (int i = 0; i < f.embedding().length; i++) x[f.shape().length + i] = f.embedding()[i];
        return x;
    }

    public static Standardizer fit(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] r : rows) for (int j = 0; j < d; j++) mean[j] += r[j] / rows.length;
        for (double[] r : rows) for (int j = 0; j < d; j++) scale[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / rows.length;
        for (int j = 0; j < d; j++) scale[j] = scale[j] < 1e-12 ? 1 : Math.sqrt(scale[j]);
        return new Standardizer(mean, scale);
    }

    public double[] apply(double[] raw) {
        if (raw.length != mean.length) {
            throw new IllegalArgumentException("feature vector has " + raw.length + " values, the router expects " + mean.length);
        }
        double[] z = new double[raw.length];
        for (int j = 0; j < z.length; j++) z[j] = (raw[j] - mean[j]) / scale[j];
        return z;
    }

    public double[] apply(RequestFeatures f) {
        return apply(raw(f));
    }
}
