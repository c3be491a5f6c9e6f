package io.tiergate.router.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PgrCurveTest {
    // Four items: the strong model gains on items 0 and 3 only (total gain 2).
    private static final double[] WEAK = {0, 0, 1, 0};
    private static final double[] STRONG = {1, 0, 1, 1};

    @Test
    void oracleRecoversTheWholeGapAtHalfTheCalls() {
        PgrCurve oracle = PgrCurve.of(new double[] {1, 0, 0, 1}, WEAK, STRONG);
        // PGR rises linearly to 1 at c = 50 % (the two gaining items, tied, share the boundary), then stays 1:
        // area = 0.5 * 0.5 / 2 + 0.5 * 1 = 0.75.
        assertThat(oracle.apgr()).isCloseTo(0.75, within(1e-9));
        assertThat(oracle.pgr()[25]).isCloseTo(0.5, within(1e-9));
        assertThat(oracle.cpt(0.5)).isCloseTo(0.25, within(1e-9));
        assertThat(oracle.cpt(0.8)).isCloseTo(0.40, within(1e-9));
        assertThat(oracle.cpt(0.95)).isCloseTo(0.48, within(1e-9));
    }

    @Test
    void constantScoresGiveExactlyOneHalf() {
        PgrCurve flat = PgrCurve.of(new double[] {0.3, 0.3, 0.3, 0.3}, WEAK, STRONG);
        assertThat(flat.apgr()).isCloseTo(0.5, within(1e-9));
        assertThat(flat.cpt(0.5)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void promptLengthOrderIsScoredPieceByPiece() {
        // Lengths put items in the order 3 (gain), 1 (none), 0 (gain), 2 (none):
        // areas 0.0625 + 0.125 + 0.1875 + 0.25 = 0.625.
        PairedItems items = items(new String[] {"xx", "xxx", "x", "xxxx"});
        PgrCurve length = PgrCurve.of(BaselineScores.promptLength(items), WEAK, STRONG);
        assertThat(length.apgr()).isCloseTo(0.625, within(1e-9));
        assertThat(length.cpt(0.5)).isCloseTo(0.25, within(1e-9));
        // PGR = 0.5 + (4c − 2) / 2 on [50 %, 75 %] reaches 0.95 at c = 72.5 %, so 73 % in 1 % steps.
        assertThat(length.cpt(0.95)).isCloseTo(0.73, within(1e-9));
    }

    @Test
    void randomRoutingAveragesOneHalf() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 200;
        double[] weak = new double[n];
        double[] strong = new double[n];
        for (int i = 0; i < n; i++) {
            weak[i] = r.nextDouble() < 0.4 ? 1 : 0;
            strong[i] = r.nextDouble() < 0.7 ? 1 : 0;
        }
        double sum = 0;
        int runs = 300;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom s = new SplittableRandom(seed);
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) scores[i] = s.nextDouble();
            sum += PgrCurve.of(scores, weak, strong).apgr();
        }
        assertThat(sum / runs).isCloseTo(0.5, within(0.02));
    }

    @Test
    void refusesItemsWhereTheStrongModelIsNotBetter() {
        assertThatThrownBy(() -> PgrCurve.of(new double[] {1, 2}, new double[] {1, 1}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not better");
    }

    @Test
    void bootstrapIntervalsSurroundThePointEstimate() {
        PairedItems items = items(new String[] {"xx", "xxx", "x", "xxxx"});
        RouterComparison c = RouterComparison.of("router", BaselineScores.oracle(items), items, 200);
        assertThat(c.rows()).extracting(RouterEvaluation::router).containsExactly("router", "random", "prompt-length", "oracle");
        for (RouterEvaluation e : c.rows()) {
            assertThat(e.apgr().low()).isLessThanOrEqualTo(e.apgr().value());
            assertThat(e.apgr().high()).isGreaterThanOrEqualTo(e.apgr().value());
        }
        assertThat(c.rows().get(2).apgr().value()).isCloseTo(0.625, within(1e-9));
        assertThat(c.table("t")).contains("APGR", "CPT(95%)", "0.750", "prompt-length");
    }

    private static PairedItems items(String[] prompts) {
        List<RoutingItem> list = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            list.add(new RoutingItem("i" + i, "s", "c", prompts[i], Map.of("w", WEAK[i], "s", STRONG[i])));
        }
        return new PairedItems("w", "s", list, 0);
    }
}
