package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The vector kernels against the scalar dequantisation on raw blocks that no quantiser writes: random
 * bytes everywhere (every nibble, fifth/sixth bit and packed scale value occurs) and rows of all-ones,
 * all-zeros and 0x80 bytes (6-bit scales and mins of 63 with their top bits, int8 scales of -128,
 * fifth bits all set or all clear), with finite f16 scales of either sign.
 */
class QuantisedBlockEdgeValueTest {

    enum Quant {
        Q8_0(GgmlType.Q8_0, 32, 34, 0), Q4_0(GgmlType.Q4_0, 32, 18, 0), Q5_0(GgmlType.Q5_0, 32, 22, 0),
        Q4_K(GgmlType.Q4_K, 256, 144, 0, 2), Q5_K(GgmlType.Q5_K, 256, 176, 0, 2), Q6_K(GgmlType.Q6_K, 256, 210, 208);

        final GgmlType type;
        final int block;
        final int bytes;
        final int[] f16At; // offsets of the block's f16 scales

        Quant(GgmlType type, int block, int bytes, int... f16At) {
            this.type = type;
            this.block = block;
            this.bytes = bytes;
            this.f16At = f16At;
        }
    }

    private static final int ROWS = 11;
    private static final int COLS = 768; // three K-quant super-blocks, 24 blocks of 32

    /** Rows 0..2: every byte 0xFF, 0x00, 0x80; the rest random; f16 scales always finite. */
    private static WeightMatrix matrix(Quant q, long seed) {
        Random rnd = new Random(seed);
        int blocksPerRow = COLS / q.block;
        byte[] raw = new byte[ROWS * blocksPerRow * q.bytes];
        rnd.nextBytes(raw);
        for (int r = 0; r < 3; r++) {
            Arrays.fill(raw, r * blocksPerRow * q.bytes, (r + 1) * blocksPerRow * q.bytes, new byte[]{(byte) 0xFF, 0, (byte) 0x80}[r]);
        }
        float[] scales = {0.0123f, -0.5f, 1.0f, 0f, 0.000061f, -2.75f};
        for (int b = 0; b < ROWS * blocksPerRow; b++) {
            for (int at : q.f16At) {
                short h = Float.floatToFloat16(scales[rnd.nextInt(scales.length)]);
                raw[b * q.bytes + at] = (byte) h;
                raw[b * q.bytes + at + 1] = (byte) (h >> 8);
            }
        }
        MemorySegment data = MemorySegment.ofArray(raw);
        return switch (q) {
            case Q8_0 -> new Q8_0Matrix(ROWS, COLS, data);
            case Q4_0 -> new Q4_0Matrix(ROWS, COLS, data);
            case Q5_0 -> new Q5_0Matrix(ROWS, COLS, data);
            case Q4_K -> new Q4KMatrix(ROWS, COLS, data);
            case Q5_K -> new Q5KMatrix(ROWS, COLS, data);
            case Q6_K -> new Q6KMatrix(ROWS, COLS, data);
        };
    }

    private static float[] activations(int tokens, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[tokens * COLS];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        x[0] = 1e3f; // one large activation, as real models have
        return x;
    }

    /** Σ |w_i x_i| for row r: the scale of float rounding in any order of summation. */
    private static double magnitude(WeightMatrix m, int r, float[] x, int xOff) {
        float[] w = new float[COLS];
        m.dequantizeRow(r, w, 0);
        double s = 0;
        for (int i = 0; i < COLS; i++) s += Math.abs((double) w[i] * x[xOff + i]);
        return s;
    }

    private static void assertClose(float got, float want, double magnitude, String what) {
        assertThat(got).as(what).isCloseTo(want, within((float) (1e-5 * magnitude + 1e-6)));
    }

    @ParameterizedTest
    @EnumSource(Quant.class)
    void vectorDotEqualsScalarDequantiseThenDot(Quant q) {
        WeightMatrix m = matrix(q, 42);
        float[] x = activations(2, 7);
        float[] rows = new float[ROWS];
        m.dotRows(x, COLS, rows, 0, ROWS);
        for (int r = 0; r < ROWS; r++) {
            double mag = magnitude(m, r, x, COLS);
            float want = m.referenceDot(r, x, COLS);
            assertClose(m.dot(r, x, COLS), want, mag, q + " dot row " + r);
            assertClose(rows[r], want, mag, q + " dotRows row " + r);
        }
        assertThat(m.referenceDot(0, x, COLS)).as("all-ones row is not zero").isNotZero();
    }

    @ParameterizedTest
    @EnumSource(Quant.class)
    void tilesOfEveryWidthEqualOneTokenAtATime(Quant q) {
        WeightMatrix m = matrix(q, 43);
        for (int tokens : new int[]{2, 4, 5, 7, 16, 21, 70}) {
            float[] x = activations(tokens, tokens);
            float[] out = new float[tokens * ROWS];
            m.dotTile(x, tokens, out, 0, ROWS);
            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < ROWS; r++) {
                    assertClose(out[t * ROWS + r], m.referenceDot(r, x, t * COLS), magnitude(m, r, x, t * COLS),
                            q + " " + tokens + "-token tile, token " + t + " row " + r);
                }
            }
        }
    }

    /**
     * The threads split rows differently from run to run, and a kernel may group a row with others or
     * repeat it in a group: each row's result must be the same bit for bit whatever range it came in,
     * or a seeded batch would not repeat. The Vector API leaves the order of a lane reduction to the
     * implementation, so code the JIT has compiled and code it has not yet may round differently: the
     * comparison is made after a warm-up, and a mismatch must persist over five tries to fail (a
     * kernel that computes a grouped row differently fails all five).
     */
    @ParameterizedTest
    @EnumSource(Quant.class)
    void aRowsTileResultDoesNotDependOnTheRangeItCameIn(Quant q) {
        WeightMatrix m = matrix(q, 46);
        for (int tokens : new int[]{4, 5}) {
            float[] x = activations(tokens, 200 + tokens);
            float[][] ways = tileThreeWays(m, x, tokens);
            for (int round = 0; round < 300; round++) ways = tileThreeWays(m, x, tokens);
            for (int attempt = 0; attempt < 5 && !(Arrays.equals(ways[0], ways[1]) && Arrays.equals(ways[0], ways[2])); attempt++) {
                ways = tileThreeWays(m, x, tokens);
            }
            assertThat(ways[1]).as(q + " " + tokens + " tokens, row by row").containsExactly(ways[0]);
            assertThat(ways[2]).as(q + " " + tokens + " tokens, in ranges of 3 and 8").containsExactly(ways[0]);
        }
    }

    /** The tile of all rows computed over the whole range, row by row, and in ranges of 3 and 8 rows. */
    private static float[][] tileThreeWays(WeightMatrix m, float[] x, int tokens) {
        float[] whole = new float[tokens * ROWS];
        m.dotTile(x, tokens, whole, 0, ROWS);
        float[] single = new float[tokens * ROWS];
        for (int r = 0; r < ROWS; r++) m.dotTile(x, tokens, single, r, r + 1);
        float[] split = new float[tokens * ROWS];
        m.dotTile(x, tokens, split, 0, 3);
        m.dotTile(x, tokens, split, 3, ROWS);
        return new float[][]{whole, single, split};
    }

    /** The threads hand out row ranges of any length: a tile over [from, to) writes exactly those rows, right. */
    @ParameterizedTest
    @EnumSource(Quant.class)
    void tilesOverARangeOfRowsWriteExactlyThoseRows(Quant q) {
        WeightMatrix m = matrix(q, 45);
        for (int tokens : new int[]{4, 8, 9}) {
            float[] x = activations(tokens, 100 + tokens);
            for (int[] range : new int[][]{{1, 10}, {2, 10}, {4, 5}, {3, 11}}) {
                float[] out = new float[tokens * ROWS];
                Arrays.fill(out, Float.NaN);
                m.dotTile(x, tokens, out, range[0], range[1]);
                for (int t = 0; t < tokens; t++) {
                    for (int r = 0; r < ROWS; r++) {
                        String what = q + " " + tokens + "-token tile of rows " + Arrays.toString(range) + ", token " + t + " row " + r;
                        if (r < range[0] || r >= range[1]) {
                            assertThat(out[t * ROWS + r]).as(what).isNaN();
                        } else {
                            assertClose(out[t * ROWS + r], m.referenceDot(r, x, t * COLS), magnitude(m, r, x, t * COLS), what);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Quant.class)
    void vectorDecodeOfARowIsTheScalarDequantisationBitForBit(Quant q) {
        WeightMatrix m = matrix(q, 44);
        float[] want = new float[COLS];
        float[] got = new float[COLS + 3];
        for (int r = 0; r < ROWS; r++) {
            m.dequantizeRow(r, want, 0);
            Arrays.fill(got, Float.NaN);
            m.decodeRow(r, got, 3);
            assertThat(Arrays.copyOfRange(got, 3, 3 + COLS)).as("%s row %d", q, r).containsExactly(want);
            assertThat(got[2]).as("nothing written before the offset").isNaN();
        }
    }

    @Test
    void packedKQuantScalesUnpackAsTheScalarReference() {
        Random rnd = new Random(5);
        byte[] bytes = new byte[16];
        int[] sc = new int[8];
        int[] mn = new int[8];
        for (int i = 0; i < 2000; i++) {
            if (i < 3) Arrays.fill(bytes, new byte[]{(byte) 0xFF, 0, (byte) 0xC0}[i]);
            else rnd.nextBytes(bytes);
            MemorySegment seg = MemorySegment.ofArray(bytes);
            KQuantScales.unpack(seg, 0, sc, mn);
            float d = i % 2 == 0 ? 1f : 0.37f;
            float dmin = i % 2 == 0 ? 1f : -2.5f;
            float[] lanes = new float[16];
            KQuantScales.unpack(seg, 0, d, dmin, lanes);
            for (int s = 0; s < 8; s++) {
                assertThat(lanes[s]).as("scale %d of pattern %d", s, i).isEqualTo(d * sc[s]);
                assertThat(lanes[8 + s]).as("min %d of pattern %d", s, i).isEqualTo(dmin * mn[s]);
            }
        }
    }
}
