package io.tiergate.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The prompt path's matrix-matrix product for any weight type: rows are decoded to floats
 * ({@link WeightMatrix#decodeRow}) once per chunk of {@link #TOKENS} tokens, then multiplied four rows
 * by four tokens at a time. Each pass of the inner loop loads four weight and four activation vectors
 * for sixteen FMAs, where one row by four tokens needs a decode and four loads for four FMAs; with
 * the decode out of the inner loop the FMA units, not decoding, set the pace.
 */
final class FloatTileKernel {

    /**
     * Tokens per chunk: the chunk's activations (32 x cols floats: 115 KB at 896 columns, 620 KB at
     * 4864) stay in L2 while the rows go by; each row is decoded once per chunk.
     */
    static final int TOKENS = 32;

    /** Rows decoded and multiplied together. */
    static final int ROWS = 4;

    private FloatTileKernel() {}

    /** out[t * rows + r] = row r · x[t * cols ..] for tokens t in [0, n), rows in [rowFrom, rowTo). */
    static void dotTile(WeightMatrix m, float[] x, int n, float[] out, int rowFrom, int rowTo) {
        int cols = m.cols();
        int rows = m.rows();
        boolean vectorRows = cols % Vectors.LANES == 0;
        float[] w = Scratch.get().rows(ROWS * cols);
        for (int t0 = 0; t0 < n; t0 += TOKENS) {
            int t1 = Math.min(n, t0 + TOKENS);
            for (int r0 = rowFrom; r0 < rowTo; r0 += ROWS) {
                int nr = Math.min(ROWS, rowTo - r0);
                for (int i = 0; i < nr; i++) m.decodeRow(r0 + i, w, i * cols);
                // A short last group repeats its last row: every row takes the same arithmetic whichever
                // group the threads' ranges put it in, so its result does not depend on the split.
                for (int i = nr; i < ROWS; i++) System.arraycopy(w, (nr - 1) * cols, w, i * cols, cols);
                int t = t0;
                if (vectorRows) {
                    for (; t + 4 <= t1; t += 4) block4x4(w, cols, x, t, out, rows, r0, nr);
                }
                for (; t < t1; t++) {
                    for (int i = 0; i < nr; i++) out[t * rows + r0 + i] = Vectors.dot(w, i * cols, x, t * cols, cols);
                }
            }
        }
    }

    /**
     * Rows r0..r0+3 (decoded in w, one after another) times tokens t..t+3; cols a multiple of LANES.
     * Only the first {@code nr} rows are written (the others repeat the last and are not this call's).
     */
    private static void block4x4(float[] w, int cols, float[] x, int t, float[] out, int rows, int r0, int nr) {
        FloatVector z = FloatVector.zero(Vectors.F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        int x0 = t * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int w1 = cols, w2 = 2 * cols, w3 = 3 * cols;
        for (int c = 0; c < cols; c += Vectors.LANES) {
            FloatVector v0 = FloatVector.fromArray(Vectors.F, w, c);
            FloatVector v1 = FloatVector.fromArray(Vectors.F, w, w1 + c);
            FloatVector v2 = FloatVector.fromArray(Vectors.F, w, w2 + c);
            FloatVector v3 = FloatVector.fromArray(Vectors.F, w, w3 + c);
            FloatVector xv = FloatVector.fromArray(Vectors.F, x, x0 + c);
            a00 = v0.fma(xv, a00);
            a10 = v1.fma(xv, a10);
            a20 = v2.fma(xv, a20);
            a30 = v3.fma(xv, a30);
            xv = FloatVector.fromArray(Vectors.F, x, x1 + c);
            a01 = v0.fma(xv, a01);
            a11 = v1.fma(xv, a11);
            a21 = v2.fma(xv, a21);
            a31 = v3.fma(xv, a31);
            xv = FloatVector.fromArray(Vectors.F, x, x2 + c);
            a02 = v0.fma(xv, a02);
            a12 = v1.fma(xv, a12);
            a22 = v2.fma(xv, a22);
            a32 = v3.fma(xv, a32);
            xv = FloatVector.fromArray(Vectors.F, x, x3 + c);
            a03 = v0.fma(xv, a03);
            a13 = v1.fma(xv, a13);
            a23 = v2.fma(xv, a23);
            a33 = v3.fma(xv, a33);
        }
        int o0 = t * rows + r0, o1 = o0 + rows, o2 = o1 + rows, o3 = o2 + rows;
        out[o0] = a00.reduceLanes(VectorOperators.ADD);
        out[o1] = a01.reduceLanes(VectorOperators.ADD);
        out[o2] = a02.reduceLanes(VectorOperators.ADD);
        out[o3] = a03.reduceLanes(VectorOperators.ADD);
        if (nr < 2) return;
        out[o0 + 1] = a10.reduceLanes(VectorOperators.ADD);
        out[o1 + 1] = a11.reduceLanes(VectorOperators.ADD);
        out[o2 + 1] = a12.reduceLanes(VectorOperators.ADD);
        out[o3 + 1] = a13.reduceLanes(VectorOperators.ADD);
        if (nr < 3) return;
        out[o0 + 2] = a20.reduceLanes(VectorOperators.ADD);
        out[o1 + 2] = a21.reduceLanes(VectorOperators.ADD);
        out[o2 + 2] = a22.reduceLanes(VectorOperators.ADD);
        out[o3 + 2] = a23.reduceLanes(VectorOperators.ADD);
        if (nr < 4) return;
        out[o0 + 3] = a30.reduceLanes(VectorOperators.ADD);
        out[o1 + 3] = a31.reduceLanes(VectorOperators.ADD);
        out[o2 + 3] = a32.reduceLanes(VectorOperators.ADD);
        out[o3 + 3] = a33.reduceLanes(VectorOperators.ADD);
    }
}
