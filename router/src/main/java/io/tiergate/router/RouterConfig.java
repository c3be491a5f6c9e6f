package io.tiergate.router;

import java.util.Map;
import java.util.Optional;

/**
 * The router section of the configuration. Keys (kebab-case in YAML):
 * <ul>
 *   <li>{@code file}: a router file path, or {@code built-in} (default) for the shipped router;</li>
 *   <li>{@code max-strong-share}: the share of requests (0–1) that may go to the strongest allowed tier
 *       (default 0.2 when neither target is set); or</li>
 *   <li>{@code target-quality}: the share (0–1] of the strongest tier's quality to keep; the router
 *       sends the smallest share of requests up that keeps it on the calibration set;</li>
 *   <li>{@code tier-thresholds}: optional tier name → minimum score (0–1) for a request to go to that
 *       tier at least; overrides the calibrated thresholds for the tiers it names.</li>
 * </ul>
 */
public record RouterConfig(String file, Optional<Double> maxStrongShare, Optional<Double> targetQuality,
                           Map<String, Double> tierThresholds) {
    public static final double DEFAULT_MAX_STRONG_SHARE = 0.2;

    public RouterConfig {
        file = file == null || file.isBlank() ? RouterFiles.BUILT_IN : file;
        maxStrongShare = maxStrongShare == null ? Optional.empty() : maxStrongShare;
        targetQuality = targetQuality == null ? Optional.empty() : targetQuality;
        tierThresholds = tierThresholds == null ? Map.of() : Map.copyOf(tierThresholds);
        if (maxStrongShare.isPresent() && targetQuality.isPresent()) {
            throw new IllegalArgumentException("router: set either max-strong-share or target-quality, not both");
        }
        maxStrongShare.ifPresent(s -> {
            if (!(s >= 0 && s <= 1)) throw new IllegalArgumentException("router.max-strong-share must be in [0, 1], was " + s);
        });
        targetQuality.ifPresent(q -> {
            if (!(q > 0 && q <= 1)) throw new IllegalArgumentException("router.target-quality must be in (0, 1], was " + q);
        });
        tierThresholds.forEach((tier, t) -> {
            if (t == null || !(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("router.tier-thresholds." + tier + " must be a score in [0, 1], was " + t);
            }
        });
    }

    /** The built-in router, at most 20 % of requests to the strongest tier. */
    public static RouterConfig defaults() {
        return new RouterConfig(null, null, null, null);
    }

    public RouterConfig withFile(String newFile) {
        return new RouterConfig(newFile, maxStrongShare, targetQuality, tierThresholds);
    }

    /** The strong share this configuration asks for, turning a quality target into a share with {@code calibration}. */
    public double strongShare(Calibration calibration) {
        if (targetQuality.isPresent()) return calibration.strongShareForQuality(targetQuality.get());
        return maxStrongShare.orElse(DEFAULT_MAX_STRONG_SHARE);
    }

    /** How the target reads in explanations, e.g. "max-strong-share 0.20". */
    public String targetDescription() {
        return targetQuality.map(q -> String.format("target-quality %.2f", q))
                .orElseGet(() -> String.format("max-strong-share %.2f", maxStrongShare.orElse(DEFAULT_MAX_STRONG_SHARE)));
    }
}
