package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Q8_0: blocks of 32 elements in 34 bytes — f16 scale d, then 32 int8 q; x = d * q. */
public final class Q8_0Matrix extends WeightMatrix {

    private static final int BLOCK = 32;
    private static final int BYTES = 34;

    Q8_0Matrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.Q8_0, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        int blocks = cols / BLOCK;
        FloatVector acc = FloatVector.zero(Vectors.F);
        for (int b = 0; b < blocks; b++) {
            long at = base + (long) b * BYTES;
            FloatVector sum = FloatVector.zero(Vectors.F);
            // two 16-byte halves: every kernel converts 16-lane byte vectors only (see the note in Vectors)
            for (int h = 0; h < 2; h++) {
                ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2 + 16 * h, ByteOrder.LITTLE_ENDIAN);
                int xi = xOff + b * BLOCK + 16 * h;
                for (int p = 0; p < 16 / Vectors.LANES; p++) {
                    FloatVector w = (FloatVector) q.convertShape(VectorOperators.B2F, Vectors.F, p);
                    sum = w.fma(FloatVector.fromArray(Vectors.F, x, xi + p * Vectors.LANES), sum);
                }
            }
            acc = sum.fma(FloatVector.broadcast(Vectors.F, f16(at)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * One token's rows in pairs, one from each half of the range, as the 4-token tiles: one activation
     * load for two rows, the weights still two long sequential streams (about 1.15x the one-row dot
     * from memory). Per row the same operations in the same order as {@link #dot}.
     */
    @Override
    void dotRows(float[] x, int xOff, float[] out, int rowFrom, int rowTo, int outOff) {
        if (Vectors.LANES == 16) {
            dotRows16(x, xOff, out, rowFrom, rowTo, outOff);
            return;
        }
        int half = (rowTo - rowFrom) / 2;
        for (int r = rowFrom; r < rowFrom + half; r++) {
            int r2 = r + half;
            long base = r * rowBytes, base2 = r2 * rowBytes;
            FloatVector acc = FloatVector.zero(Vectors.F), acc2 = acc;
            for (int b = 0; b < cols / BLOCK; b++) {
                long at = base + (long) b * BYTES, at2 = base2 + (long) b * BYTES;
                FloatVector sum = FloatVector.zero(Vectors.F), sum2 = sum;
                for (int h = 0; h < 2; h++) {
                    ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2 + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    ByteVector q2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 2 + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    int xi = xOff + b * BLOCK + 16 * h;
                    for (int p = 0; p < 16 / Vectors.LANES; p++) {
                        FloatVector xv = FloatVector.fromArray(Vectors.F, x, xi + p * Vectors.LANES);
                        sum = ((FloatVector) q.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(xv, sum);
                        sum2 = ((FloatVector) q2.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(xv, sum2);
                    }
                }
                acc = sum.fma(FloatVector.broadcast(Vectors.F, f16(at)), acc);
                acc2 = sum2.fma(FloatVector.broadcast(Vectors.F, f16(at2)), acc2);
            }
            out[outOff + r] = acc.reduceLanes(VectorOperators.ADD);
            out[outOff + r2] = acc2.reduceLanes(VectorOperators.ADD);
        }
        if ((rowTo - rowFrom) % 2 != 0) out[outOff + rowTo - 1] = dot(rowTo - 1, x, xOff);
    }

    /**
     * dotRows with 16-lane vectors: a block's two halves are one multiply and one FMA (no zeroed
     * partial sum; fma(w, x, 0) and w * x round alike, so the results equal {@link #dot}'s bit for
     * bit), the rows in pairs as in the general loop, addresses advanced rather than recomputed.
     * KernelSpeedProbe: 0.059-0.061 → 0.052 ns per weight from memory.
     */
    private void dotRows16(float[] x, int xOff, float[] out, int rowFrom, int rowTo, int outOff) {
        var f = FloatVector.SPECIES_512;
        int half = (rowTo - rowFrom) / 2;
        for (int r = rowFrom; r < rowFrom + half; r++) {
            int r2 = r + half;
            long at = r * rowBytes, at2 = r2 * rowBytes;
            FloatVector acc = FloatVector.zero(f), acc2 = acc;
            for (int xi = xOff, end = xOff + cols; xi < end; xi += BLOCK, at += BYTES, at2 += BYTES) {
                ByteVector lo = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2, ByteOrder.LITTLE_ENDIAN);
                ByteVector hi = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 18, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 2, ByteOrder.LITTLE_ENDIAN);
                ByteVector hi2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 18, ByteOrder.LITTLE_ENDIAN);
                FloatVector xLo = FloatVector.fromArray(f, x, xi), xHi = FloatVector.fromArray(f, x, xi + 16);
                FloatVector sum = ((FloatVector) hi.convertShape(VectorOperators.B2F, f, 0)).fma(xHi,
                        ((FloatVector) lo.convertShape(VectorOperators.B2F, f, 0)).mul(xLo));
                FloatVector sum2 = ((FloatVector) hi2.convertShape(VectorOperators.B2F, f, 0)).fma(xHi,
                        ((FloatVector) lo2.convertShape(VectorOperators.B2F, f, 0)).mul(xLo));
                acc = sum.fma(FloatVector.broadcast(f, f16(at)), acc);
                acc2 = sum2.fma(FloatVector.broadcast(f, f16(at2)), acc2);
            }
            out[outOff + r] = acc.reduceLanes(VectorOperators.ADD);
            out[outOff + r2] = acc2.reduceLanes(VectorOperators.ADD);
        }
        if ((rowTo - rowFrom) % 2 != 0) out[outOff + rowTo - 1] = dot(rowTo - 1, x, xOff);
    }

    @Override
    public void dotTile(float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (n >= MIN_TILED_TOKENS) {
            FloatTileKernel.dotTile(this, x, n, out, rowFrom, rowTo);
            return;
        }
        // Tokens in tiles of 4 (outer) so the tile's activations stay in L1 while the rows stream by;
        // each block is decoded once per tile and applied to all 4 tokens. Rows go in pairs, one from
        // each half of the range, so each activation load feeds two FMAs while the weights are still
        // read as two long sequential streams (pairs of adjacent rows start a new short stream every
        // pair, which the hardware prefetcher does not follow: as slow as one row at a time).
        int half = (rowTo - rowFrom) / 2;
        int t0 = 0;
        for (; t0 + 4 <= n; t0 += 4) {
            for (int r = rowFrom; r < rowFrom + half; r++) dot4(r, r + half, x, t0, out);
            if ((rowTo - rowFrom) % 2 != 0) dot4(rowTo - 1, rowTo - 1, x, t0, out); // the odd row pairs with itself
        }
        for (; t0 < n; t0++) dotRows(x, t0 * cols, out, rowFrom, rowTo, t0 * rows);
    }

    /**
     * Rows r and r2 (which may be r) by tokens t0..t0+3. Each block is decoded once, scaled, and applied to
     * all four tokens; a row's result does not depend on its partner, so it is the same whichever way a
     * thread's range splits into pairs.
     */
    private void dot4(int r, int r2, float[] x, int t0, float[] out) {
        if (Vectors.LANES == 16) {
            dot4x16(r, r2, x, t0, out);
            return;
        }
        long base = r * rowBytes, base2 = r2 * rowBytes;
        int x0 = t0 * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        FloatVector a0 = FloatVector.zero(Vectors.F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES, at2 = base2 + (long) b * BYTES;
            FloatVector d = FloatVector.broadcast(Vectors.F, f16(at)), d2 = FloatVector.broadcast(Vectors.F, f16(at2));
            for (int h = 0; h < 2; h++) { // 16-byte halves
                ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2 + 16 * h, ByteOrder.LITTLE_ENDIAN);
                ByteVector q2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 2 + 16 * h, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < 16 / Vectors.LANES; p++) {
                    FloatVector w = ((FloatVector) q.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d);
                    FloatVector w2 = ((FloatVector) q2.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d2);
                    int c = b * BLOCK + 16 * h + p * Vectors.LANES;
                    FloatVector xv = FloatVector.fromArray(Vectors.F, x, x0 + c);
                    a0 = w.fma(xv, a0);
                    b0 = w2.fma(xv, b0);
                    xv = FloatVector.fromArray(Vectors.F, x, x1 + c);
                    a1 = w.fma(xv, a1);
                    b1 = w2.fma(xv, b1);
                    xv = FloatVector.fromArray(Vectors.F, x, x2 + c);
                    a2 = w.fma(xv, a2);
                    b2 = w2.fma(xv, b2);
                    xv = FloatVector.fromArray(Vectors.F, x, x3 + c);
                    a3 = w.fma(xv, a3);
                    b3 = w2.fma(xv, b3);
                }
            }
        }
        store4(out, t0, r, a0.reduceLanes(VectorOperators.ADD), a1.reduceLanes(VectorOperators.ADD),
                a2.reduceLanes(VectorOperators.ADD), a3.reduceLanes(VectorOperators.ADD));
        store4(out, t0, r2, b0.reduceLanes(VectorOperators.ADD), b1.reduceLanes(VectorOperators.ADD),
                b2.reduceLanes(VectorOperators.ADD), b3.reduceLanes(VectorOperators.ADD));
    }

    /**
     * dot4 with 16-lane vectors. A block's two halves go to separate accumulators: with one, each of the
     * 8 accumulators took two dependent FMAs per block and the loop waited on FMA latency
     * (KernelSpeedProbe, 4-token: 0.042-0.043 → 0.035-0.038 ns per weight and token). Addresses are
     * advanced rather than recomputed, as in {@link #dotRows16}.
     */
    private void dot4x16(int r, int r2, float[] x, int t0, float[] out) {
        var f = FloatVector.SPECIES_512;
        long at = r * rowBytes, at2 = r2 * rowBytes;
        FloatVector a0 = FloatVector.zero(f), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, e0 = a0, e1 = a0, e2 = a0, e3 = a0;
        for (int c = t0 * cols, end = c + cols; c < end; c += 32, at += BYTES, at2 += BYTES) {
            FloatVector d = FloatVector.broadcast(f, f16(at)), d2 = FloatVector.broadcast(f, f16(at2));
            ByteVector lo = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2, ByteOrder.LITTLE_ENDIAN);
            ByteVector lo2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 2, ByteOrder.LITTLE_ENDIAN);
            ByteVector hi = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 18, ByteOrder.LITTLE_ENDIAN);
            ByteVector hi2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 18, ByteOrder.LITTLE_ENDIAN);
            FloatVector w = ((FloatVector) lo.convertShape(VectorOperators.B2F, f, 0)).mul(d);
            FloatVector w2 = ((FloatVector) lo2.convertShape(VectorOperators.B2F, f, 0)).mul(d2);
            FloatVector v = ((FloatVector) hi.convertShape(VectorOperators.B2F, f, 0)).mul(d);
            FloatVector v2 = ((FloatVector) hi2.convertShape(VectorOperators.B2F, f, 0)).mul(d2);
            FloatVector xv = FloatVector.fromArray(f, x, c), xh = FloatVector.fromArray(f, x, c + 16);
            a0 = w.fma(xv, a0); b0 = w2.fma(xv, b0); c0 = v.fma(xh, c0); e0 = v2.fma(xh, e0);
            xv = FloatVector.fromArray(f, x, c + cols); xh = FloatVector.fromArray(f, x, c + cols + 16);
            a1 = w.fma(xv, a1); b1 = w2.fma(xv, b1); c1 = v.fma(xh, c1); e1 = v2.fma(xh, e1);
            xv = FloatVector.fromArray(f, x, c + 2 * cols); xh = FloatVector.fromArray(f, x, c + 2 * cols + 16);
            a2 = w.fma(xv, a2); b2 = w2.fma(xv, b2); c2 = v.fma(xh, c2); e2 = v2.fma(xh, e2);
            xv = FloatVector.fromArray(f, x, c + 3 * cols); xh = FloatVector.fromArray(f, x, c + 3 * cols + 16);
            a3 = w.fma(xv, a3); b3 = w2.fma(xv, b3); c3 = v.fma(xh, c3); e3 = v2.fma(xh, e3);
        }
        store4(out, t0, r, a0.add(c0).reduceLanes(VectorOperators.ADD), a1.add(c1).reduceLanes(VectorOperators.ADD),
                a2.add(c2).reduceLanes(VectorOperators.ADD), a3.add(c3).reduceLanes(VectorOperators.ADD));
        store4(out, t0, r2, b0.add(e0).reduceLanes(VectorOperators.ADD), b1.add(e1).reduceLanes(VectorOperators.ADD),
                b2.add(e2).reduceLanes(VectorOperators.ADD), b3.add(e3).reduceLanes(VectorOperators.ADD));
    }

    @Override
    void decodeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            FloatVector d = FloatVector.broadcast(Vectors.F, f16(at));
            for (int h = 0; h < 2; h++) {
                ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2 + 16 * h, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < 16 / Vectors.LANES; p++) {
                    ((FloatVector) q.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d).intoArray(out, outOff + b * BLOCK + 16 * h + p * Vectors.LANES);
                }
            }
        }
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            float d = f16(at);
            for (int i = 0; i < BLOCK; i++) out[outOff + b * BLOCK + i] = d * data.get(ValueLayout.JAVA_BYTE, at + 2 + i);
        }
    }
}
