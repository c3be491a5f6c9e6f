package io.tiergate.router;

import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Locality;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.TierRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThresholdRouterTest {
    private static final ChatRequest REQUEST = ChatRequest.ofUser("auto", "hi");
    private static final TierRef SMALL = new TierRef("small", 0, Set.of(Locality.IN_PROCESS));
    private static final TierRef MEDIUM = new TierRef("medium", 1, Set.of(Locality.LAN));
    private static final TierRef LARGE = new TierRef("large", 2, Set.of(Locality.CLOUD));

    /** Scores spread evenly: the c-th percentile is c / 100; quality share rises linearly from 0.5 to 1. */
    static Calibration uniform() {
        double[] q = new double[101];
        double[] share = new double[101];
        for (int c = 0; c <= 100; c++) {
            q[c] = c / 100.0;
            share[c] = 0.5 + c / 200.0;
        }
        return new Calibration(q, share, 1000);
    }

    private static Difficulty score(double s) {
        return new Difficulty(s, List.of(new Difficulty.Signal("math", 2, 0.8), new Difficulty.Signal("length", 1, -0.2)));
    }

    private static RouterConfig share(double s) {
        return new RouterConfig(null, Optional.of(s), Optional.empty(), Map.of());
    }

    @Test
    void twoTiersSendTheTopShareToTheStrongTier() {
        ThresholdRouter router = new ThresholdRouter(uniform(), share(0.2));
        assertThat(router.thresholds(List.of(SMALL, LARGE))).containsExactly(0.0, 0.8);
        RoutePlan easy = router.plan(REQUEST, score(0.5), List.of(LARGE, SMALL));
        assertThat(easy.tiers()).containsExactly("small", "large");
        assertThat(easy.reason()).contains("tier 'small'", "0.500", "0.800", "max-strong-share 0.20", "math +0.80");
        RoutePlan hard = router.plan(REQUEST, score(0.9), List.of(SMALL, LARGE));
        assertThat(hard.tiers()).containsExactly("large", "small");
        assertThat(hard.score()).isEqualTo(0.9);
    }

    @Test
    void threeTiersClimbOneShareAtATimeWithFallbacksAroundTheChoice() {
        ThresholdRouter router = new ThresholdRouter(uniform(), share(0.2));
        assertThat(router.thresholds(List.of(SMALL, MEDIUM, LARGE))).containsExactly(0.0, 0.6, 0.8);
        assertThat(router.plan(REQUEST, score(0.3), List.of(SMALL, MEDIUM, LARGE)).tiers()).containsExactly("small", "medium", "large");
        assertThat(router.plan(REQUEST, score(0.7), List.of(SMALL, MEDIUM, LARGE)).tiers()).containsExactly("medium", "large", "small");
        assertThat(router.plan(REQUEST, score(0.95), List.of(SMALL, MEDIUM, LARGE)).tiers()).containsExactly("large", "medium", "small");
    }

    @Test
    void configuredTierThresholdsOverrideTheCalibration() {
        RouterConfig config = new RouterConfig(null, Optional.of(0.2), Optional.empty(), Map.of("large", 0.4));
        ThresholdRouter router = new ThresholdRouter(uniform(), config);
        assertThat(router.plan(REQUEST, score(0.5), List.of(SMALL, LARGE)).tiers().getFirst()).isEqualTo("large");
    }

    @Test
    void aQualityTargetBecomesTheSmallestShareThatKeepsIt() {
        // quality share 0.5 + c/200 reaches 0.95 at c = 90 %.
        RouterConfig config = new RouterConfig(null, Optional.empty(), Optional.of(0.95), Map.of());
        ThresholdRouter router = new ThresholdRouter(uniform(), config);
        assertThat(router.strongShare()).isCloseTo(0.9, within(1e-9));
        assertThat(router.plan(REQUEST, score(0.2), List.of(SMALL, LARGE)).tiers().getFirst()).isEqualTo("large");
        assertThat(router.plan(REQUEST, score(0.05), List.of(SMALL, LARGE)).tiers().getFirst()).isEqualTo("small");
    }

    @Test
    void oneOrNoAllowedTierIsAnsweredPlainly() {
        ThresholdRouter router = new ThresholdRouter(uniform(), share(0.2));
        assertThat(router.plan(REQUEST, score(0.99), List.of(MEDIUM)).tiers()).containsExactly("medium");
        RoutePlan none = router.plan(REQUEST, score(0.99), List.of());
        assertThat(none.tiers()).isEmpty();
        assertThat(none.reason()).contains("no tier");
    }

    @Test
    void aPinnedTierComesFirstAndAnUnknownOneIsRefused() {
        ThresholdRouter router = new ThresholdRouter(uniform(), share(0.2));
        assertThat(router.pinned("medium", 0.1, List.of(SMALL, MEDIUM, LARGE)).tiers()).containsExactly("medium", "large", "small");
        assertThatThrownBy(() -> router.pinned("huge", 0.1, List.of(SMALL, LARGE)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("small, large");
    }

    @Test
    void configurationIsValidatedNamingTheKey() {
        assertThatThrownBy(() -> new RouterConfig(null, Optional.of(0.2), Optional.of(0.9), Map.of()))
                .hasMessageContaining("either max-strong-share or target-quality");
        assertThatThrownBy(() -> new RouterConfig(null, Optional.of(1.5), Optional.empty(), Map.of()))
                .hasMessageContaining("router.max-strong-share");
        assertThatThrownBy(() -> new RouterConfig(null, Optional.empty(), Optional.of(0.0), Map.of()))
                .hasMessageContaining("router.target-quality");
        assertThatThrownBy(() -> new RouterConfig(null, Optional.empty(), Optional.empty(), Map.of("large", 2.0)))
                .hasMessageContaining("router.tier-thresholds.large");
        RouterConfig defaults = RouterConfig.defaults();
        assertThat(defaults.file()).isEqualTo(RouterFiles.BUILT_IN);
        assertThat(defaults.strongShare(uniform())).isEqualTo(RouterConfig.DEFAULT_MAX_STRONG_SHARE);
    }
}
