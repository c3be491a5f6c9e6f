package io.tiergate.router.learn;

/** The Adam optimizer (Kingma and Ba, 2015) over one flat parameter array. */
final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private final double[] m;
    private final double[] v;
    private final double rate;
    private int t;

    Adam(int size, double rate) {
        this.m = new double[size];
        this.v = new double[size];
        this.rate = rate;
    }

    void step(double[] params, double[] grad) {
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int j = 0; j < params.length; j++) {
            m[j] = BETA1 * m[j] + (1 - BETA1) * grad[j];
            v[j] = BETA2 * v[j] + (1 - BETA2) * grad[j] * grad[j];
            params[j] -= rate * (m[j] / c1) / (Math.sqrt(v[j] / c2) + EPS);
        }
    }
}
