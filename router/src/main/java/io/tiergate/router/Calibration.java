package io.tiergate.router;

/**
 * How the scores fall on a calibration set (held out from fitting), so an operator's target becomes a
 * threshold. {@code scoreQuantiles[c]} is the c-th percentile of the scores (ascending, c = 0…100);
 * {@code qualityShare[c]} is the mean quality when the top c % go to the strong model, divided by the
 * strong model's mean quality.
 */
public record Calibration(double[] scoreQuantiles, double[] qualityShare, int items) {
    public Calibration {
        if (scoreQuantiles.length != 101 || qualityShare.length != 101) {
            throw new IllegalArgumentException("calibration needs 101 score quantiles and 101 quality shares");
        }
    }

    /** Scores above this go to the strong tier in about {@code share} of requests (0–1). */
    public double thresholdForStrongShare(double share) {
        int c = (int) Math.round((1 - Math.min(1, Math.max(0, share))) * 100);
        if (c >= 100) return Double.POSITIVE_INFINITY;
        return scoreQuantiles[c];
    }

    /** The smallest share of strong calls (0–1) that keeps {@code target} of the strong tier's quality. */
    public double strongShareForQuality(double target) {
        for (int c = 0; c <= 100; c++) if (qualityShare[c] >= target) return c / 100.0;
        return 1;
    }
}
