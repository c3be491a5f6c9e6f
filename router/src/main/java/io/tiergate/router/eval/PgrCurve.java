package io.tiergate.router.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The RouteLLM metric (arXiv 2406.18665). The top c % of items by router score go to the strong model,
 * the rest to the weak one; PGR(c) = (q(c) − q(W)) / (q(S) − q(W)) at c = 0, 1, …, 100 %; APGR is its
 * trapezoid area; CPT(x) the smallest c with PGR(c) ≥ x. Items with equal router scores share the
 * boundary evenly (the expectation under random tie-breaking), so a constant router scores exactly 0.5.
 *
 * @param pgr 101 values, PGR at c = 0 %, 1 %, …, 100 %
 */
public record PgrCurve(double[] pgr, double apgr) {
    public static final int STEPS = 100;

    /** Every item weighted once. */
    public static PgrCurve of(double[] routerScores, double[] weak, double[] strong) {
        double[] weights = new double[routerScores.length];
        Arrays.fill(weights, 1);
        return of(descendingOrder(routerScores), routerScores, gains(weak, strong), weights);
    }

    /** Indices sorted by router score, highest first. */
    public static int[] descendingOrder(double[] routerScores) {
        return IntStream.range(0, routerScores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> routerScores[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    public static double[] gains(double[] weak, double[] strong) {
        double[] g = new double[weak.length];
        for (int i = 0; i < g.length; i++) g[i] = strong[i] - weak[i];
        return g;
    }

    /**
     * @param order   item indices by router score, highest first ({@link #descendingOrder})
     * @param gains   strong minus weak score per item
     * @param weights how often each item counts (bootstrap resamples; 1 otherwise)
     * @throws IllegalArgumentException when the strong model is not better than the weak one on these items
     */
    public static PgrCurve of(int[] order, double[] routerScores, double[] gains, double[] weights) {
        double totalWeight = 0;
        double totalGain = 0;
        for (int i = 0; i < gains.length; i++) {
            totalWeight += weights[i];
            totalGain += weights[i] * gains[i];
        }
        if (!(totalGain > 0)) {
            throw new IllegalArgumentException("the strong model is not better than the weak one on these items "
                    + "(mean gain " + (totalWeight == 0 ? 0 : totalGain / totalWeight) + "), so PGR is undefined");
        }
        double[] pgr = new double[STEPS + 1];
        int step = 1;
        double weightBefore = 0;
        double gainBefore = 0;
        int g = 0;
        while (g < order.length && step <= STEPS) {
            int end = g;
            double groupWeight = 0;
            double groupGain = 0;
            while (end < order.length && routerScores[order[end]] == routerScores[order[g]]) {
                groupWeight += weights[order[end]];
                groupGain += weights[order[end]] * gains[order[end]];
                end++;
            }
            double weightAfter = weightBefore + groupWeight;
            while (step <= STEPS && step * totalWeight / STEPS <= weightAfter + 1e-9) {
                double k = step * totalWeight / STEPS;
                double share = groupWeight == 0 ? 1 : Math.min(1, Math.max(0, (k - weightBefore) / groupWeight));
                pgr[step] = (gainBefore + share * groupGain) / totalGain;
                step++;
            }
            weightBefore = weightAfter;
            gainBefore += groupGain;
            g = end;
        }
        for (; step <= STEPS; step++) pgr[step] = 1;
        double area = 0;
        for (int c = 0; c < STEPS; c++) area += (pgr[c] + pgr[c + 1]) / 2 / STEPS;
        return new PgrCurve(pgr, area);
    }

    /** Smallest share of strong calls (0–1) with PGR ≥ {@code target}; 1 when never reached before 100 %. */
    public double cpt(double target) {
        for (int c = 0; c <= STEPS; c++) if (pgr[c] >= target - 1e-12) return c / (double) STEPS;
        return 1;
    }
}
