package io.tiergate.router.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** APGR and CPT(50/80/95 %) of one router's scores on paired items, with bootstrap 95 % intervals. */
public record RouterEvaluation(String router, PgrCurve curve, Interval apgr, Interval cpt50, Interval cpt80, Interval cpt95) {
    public static final int DEFAULT_RESAMPLES = 1000;
    private static final long BOOTSTRAP_SEED = 7L;

    /** A point estimate and its bootstrap 2.5 / 97.5 percentiles. */
    public record Interval(double value, double low, double high) {}

    public static RouterEvaluation of(String router, double[] scores, PairedItems items, int resamples) {
        int n = items.size();
        double[] weak = new double[n];
        double[] strong = new double[n];
        for (int i = 0; i < n; i++) {
            weak[i] = items.weakScore(i);
            strong[i] = items.strongScore(i);
        }
        double[] gains = PgrCurve.gains(weak, strong);
        int[] order = PgrCurve.descendingOrder(scores);
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        PgrCurve point = PgrCurve.of(order, scores, gains, ones);
        // The same resamples for every router (fixed seed), so their intervals are comparable.
        SplittableRandom random = new SplittableRandom(BOOTSTRAP_SEED);
        List<double[]> samples = new ArrayList<>();
        double[] weights = new double[n];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(weights, 0);
            for (int k = 0; k < n; k++) weights[random.nextInt(n)]++;
            try {
                PgrCurve c = PgrCurve.of(order, scores, gains, weights);
                samples.add(new double[] {c.apgr(), c.cpt(0.5), c.cpt(0.8), c.cpt(0.95)});
            } catch (IllegalArgumentException resampleWithoutGain) {
                // a resample where the strong model does not win has no PGR; leave it out
            }
        }
        return new RouterEvaluation(router, point,
                interval(point.apgr(), samples, 0), interval(point.cpt(0.5), samples, 1),
                interval(point.cpt(0.8), samples, 2), interval(point.cpt(0.95), samples, 3));
    }

    private static Interval interval(double value, List<double[]> samples, int column) {
        if (samples.isEmpty()) return new Interval(value, value, value);
        double[] v = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return new Interval(value, v[(int) Math.floor(0.025 * (v.length - 1))], v[(int) Math.ceil(0.975 * (v.length - 1))]);
    }
}
