package io.tiergate.router;

import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.Router;
import io.tiergate.api.TierRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends a request to the cheapest allowed tier whose threshold its score does not exceed the next tier's:
 * the allowed tiers, cheapest first, form a ladder; each step up takes the next {@code strongShare} of
 * the calibrated score distribution (with two tiers, the strong one gets the top {@code strongShare} of
 * requests). Thresholds named in the configuration replace the calibrated ones. The other tiers follow
 * as fallbacks: stronger ones first (cheapest first), then cheaper ones. Immutable and thread-safe.
 */
public final class ThresholdRouter implements Router {
    private static final int SIGNALS_SHOWN = 3;

    private final Calibration calibration;
    private final double strongShare;
    private final Map<String, Double> tierThresholds;
    private final String target;

    public ThresholdRouter(Calibration calibration, RouterConfig config) {
        this.calibration = calibration;
        this.strongShare = config.strongShare(calibration);
        this.tierThresholds = config.tierThresholds();
        this.target = config.targetDescription();
    }

    /** The share of requests the strongest tier receives on the calibration set (0–1). */
    public double strongShare() {
        return strongShare;
    }

    /** Minimum score of each tier of a ladder of {@code tiers} (cheapest first); the first is always 0. */
    public double[] thresholds(List<TierRef> tiers) {
        int m = tiers.size();
        double[] t = new double[m];
        for (int r = 1; r < m; r++) {
            double share = Math.min(1, strongShare * (m - r));
            Double fixed = tierThresholds.get(tiers.get(r).name());
            t[r] = fixed != null ? fixed : calibration.thresholdForStrongShare(share);
        }
        return t;
    }

    @Override
    public RoutePlan plan(ChatRequest request, Difficulty difficulty, List<TierRef> allowedTiers) {
        List<TierRef> ladder = allowedTiers.stream().sorted(Comparator.comparingInt(TierRef::rank)).toList();
        double score = difficulty.score();
        if (ladder.isEmpty()) return new RoutePlan(List.of(), score, "no tier is allowed for this request");
        double[] thresholds = thresholds(ladder);
        int chosen = 0;
        for (int r = 1; r < ladder.size(); r++) if (score > thresholds[r]) chosen = r;
        String why;
        if (ladder.size() == 1) {
            why = "only tier allowed";
        } else if (chosen == ladder.size() - 1) {
            why = String.format("score %.3f > %.3f, the threshold of '%s'", score, thresholds[chosen], ladder.get(chosen).name());
        } else {
            why = String.format("score %.3f ≤ %.3f, the threshold of '%s'", score, thresholds[chosen + 1], ladder.get(chosen + 1).name());
        }
        String reason = "tier '" + ladder.get(chosen).name() + "': " + why + " (" + target + ")" + signals(difficulty);
        return new RoutePlan(order(ladder, chosen), score, reason);
    }

    /** A plan that starts at {@code tier} (a pin from a request header), with the usual fallbacks after it. */
    public RoutePlan pinned(String tier, double score, List<TierRef> allowedTiers) {
        List<TierRef> ladder = allowedTiers.stream().sorted(Comparator.comparingInt(TierRef::rank)).toList();
        for (int r = 0; r < ladder.size(); r++) {
            if (ladder.get(r).name().equals(tier)) {
                return new RoutePlan(order(ladder, r), score, "tier '" + tier + "' pinned by the request");
            }
        }
        throw new io.tiergate.api.InvalidRequestException("Tier '" + tier + "' is not among the allowed tiers: "
                + ladder.stream().map(TierRef::name).collect(Collectors.joining(", ")) + ".", "tier");
    }

    private static List<String> order(List<TierRef> ladder, int chosen) {
        List<String> tiers = new ArrayList<>();
        tiers.add(ladder.get(chosen).name());
        for (int r = chosen + 1; r < ladder.size(); r++) tiers.add(ladder.get(r).name());
        for (int r = chosen - 1; r >= 0; r--) tiers.add(ladder.get(r).name());
        return tiers;
    }

    private static String signals(Difficulty difficulty) {
        if (difficulty.signals().isEmpty()) return "";
        return "; strongest signals: " + difficulty.signals().stream().limit(SIGNALS_SHOWN)
                .map(s -> String.format("%s %+.2f", s.name(), s.contribution())).collect(Collectors.joining(", "));
    }
}
