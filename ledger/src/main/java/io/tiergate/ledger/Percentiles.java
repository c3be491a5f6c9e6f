package io.tiergate.ledger;

import java.util.List;

/** Percentiles by linear interpolation between closest ranks (what PostgreSQL's percentile_cont computes). */
final class Percentiles {
    private Percentiles() {}

    /** {@code sorted} ascending; {@code fraction} in [0, 1]; 0 for an empty list. */
    static double interpolated(List<Long> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return 0;
        }
        double rank = fraction * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        double weight = rank - lo;
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * weight;
    }
}
