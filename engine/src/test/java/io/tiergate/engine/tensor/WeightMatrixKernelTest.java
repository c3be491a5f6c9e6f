package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightMatrixKernelTest {

    /**
     * The build runs these tests twice, the second time with 256-bit vectors (engine/pom.xml); this
     * checks that the JVM option really narrowed the kernels' vectors, or the second run would
     * silently test the 16-lane kernels again.
     */
    @Test
    void runsAtTheVectorWidthTheBuildAskedFor() {
        String expected = System.getProperty("tiergate.test.expected-float-lanes");
        int lanes = expected == null ? Vectors.LANES : Integer.parseInt(expected);
        assertThat(Vectors.LANES).isEqualTo(lanes).isGreaterThanOrEqualTo(4);
    }


    @TempDir
    Path dir;

    private static final int ROWS = 24;
    private static final int COLS = 512;

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * 0.5f;
        return v;
    }

    /** Worst-case absolute error per element that quantising {@code type} may introduce, relative to max |x|. */
    private static double tolerance(GgufTensorType type) {
        return switch (type) {
            case F32 -> 1e-7;
            case F16 -> 2e-3;
            case BF16 -> 1e-2;
            case Q8_0 -> 1.2e-2;
            case Q6_K -> 6e-2;
            case Q5_K -> 8e-2;
            case Q4_0, Q4_K -> 0.16;
            case Q5_0 -> 8e-2;
        };
    }

    @ParameterizedTest
    @EnumSource(GgufTensorType.class)
    void dequantisesWhatTheTestKitQuantised(GgufTensorType type) {
        float[] w = random(ROWS * COLS, 1);
        Path p = new GgufWriter().tensor("w", type, new long[]{COLS, ROWS}, w).write(dir.resolve(type + ".gguf"));
        try (GgufFile f = GgufFile.open(p)) {
            WeightMatrix m = WeightMatrix.of(p, f.tensorInfo("w").orElseThrow(), f.tensor("w"));
            assertThat(m.rows()).isEqualTo(ROWS);
            assertThat(m.cols()).isEqualTo(COLS);
            float[] row = new float[COLS];
            double worst = 0;
            for (int r = 0; r < ROWS; r++) {
                m.dequantizeRow(r, row, 0);
                for (int i = 0; i < COLS; i++) worst = Math.max(worst, Math.abs(row[i] - w[r * COLS + i]));
            }
            double amax = 0;
            for (float v : w) amax = Math.max(amax, Math.abs(v));
            assertThat(worst / amax).as("%s worst relative error", type).isLessThan(tolerance(type));
        }
    }

    @ParameterizedTest
    @EnumSource(GgufTensorType.class)
    void vectorDotMatchesScalarDequantiseThenDot(GgufTensorType type) {
        float[] w = random(ROWS * COLS, 2);
        // 21 tokens: fused 4-token tiles plus a tail, and the dequantise-once tiles (16 or more tokens)
        int tokens = 21;
        float[] x = random(COLS * tokens, 3);
        Path p = new GgufWriter().tensor("w", type, new long[]{COLS, ROWS}, w).write(dir.resolve(type + ".gguf"));
        try (GgufFile f = GgufFile.open(p); ThreadPoolKernels k = new ThreadPoolKernels(2)) {
            WeightMatrix m = WeightMatrix.of(p, f.tensorInfo("w").orElseThrow(), f.tensor("w"));
            for (int r = 0; r < ROWS; r++) {
                float ref = m.referenceDot(r, x, COLS);
                assertThat(m.dot(r, x, COLS)).as("%s row %d", type, r).isCloseTo(ref, within(1e-3f + Math.abs(ref) * 1e-4f));
            }
            float[] out = new float[tokens * ROWS];
            k.matMul(m, x, tokens, out);
            float[] few = new float[5 * ROWS];
            k.matMul(m, x, 5, few);
            float[] one = new float[ROWS];
            for (int t = 0; t < tokens; t++) {
                float[] xt = java.util.Arrays.copyOfRange(x, t * COLS, t * COLS + COLS);
                k.matVec(m, xt, one);
                for (int r = 0; r < ROWS; r++) {
                    assertThat(out[t * ROWS + r]).as("%s tile t=%d r=%d", type, t, r).isCloseTo(one[r], within(1e-3f + Math.abs(one[r]) * 1e-4f));
                    if (t < 5) assertThat(few[t * ROWS + r]).as("%s 5-token tile t=%d r=%d", type, t, r).isCloseTo(one[r], within(1e-3f + Math.abs(one[r]) * 1e-4f));
                    assertThat(one[r]).isCloseTo(m.referenceDot(r, xt, 0), within(1e-3f + Math.abs(one[r]) * 1e-4f));
                }
            }
        }
    }
}
