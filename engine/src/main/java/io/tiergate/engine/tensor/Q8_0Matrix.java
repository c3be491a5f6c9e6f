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
        for (int i = 0, passes = half + (rowTo - rowFrom) % 2; i < passes; i++) {
            int r = i < half ? rowFrom + i : rowTo - 1, r2 = i < half ? r + half : r; // the odd row pairs with itself
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
        for (int i = 0, passes = half + (rowTo - rowFrom) % 2; i < passes; i++) {
            int r = i < half ? rowFrom + i : rowTo - 1, r2 = i < half ? r + half : r; // the odd row pairs with itself
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
    }

    @Override
    public void dotTile(float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (n >= MIN_TILED_TOKENS) {
            FloatTileKernel.dotTile(this, x, n, out, rowFrom, rowTo);
            return;
        }
        // Tokens in tiles of 4 (outer) so the tile's activations stay in L1 while the rows stream by;
        // each block is decoded once per tile and applied to all 4 tokens. Rows go in groups taken
        // from each part of the range (quarters with 16 lanes, halves otherwise), so each activation
        // load feeds several rows while the weights are still read as long sequential streams (groups
        // of adjacent rows start a new short stream every group, which the hardware prefetcher does
        // not follow: as slow as one row at a time). Left-over rows repeat themselves in a group.
        int t0 = 0;
        for (; t0 + 4 <= n; t0 += 4) {
            if (Vectors.LANES == 16) {
                int q = (rowTo - rowFrom) / 4;
                for (int r = rowFrom; r < rowFrom + q; r++) dot4x4(r, r + q, r + 2 * q, r + 3 * q, x, t0, out);
                for (int r = rowFrom + 4 * q; r < rowTo; r++) dot4x4(r, r, r, r, x, t0, out);
            } else {
                int half = (rowTo - rowFrom) / 2;
                for (int r = rowFrom; r < rowFrom + half; r++) dot4(r, r + half, x, t0, out);
                if ((rowTo - rowFrom) % 2 != 0) dot4(rowTo - 1, rowTo - 1, x, t0, out);
            }
        }
        for (; t0 < n; t0++) dotRows(x, t0 * cols, out, rowFrom, rowTo, t0 * rows);
    }

    /**
     * Rows r and r2 (which may be r) by tokens t0..t0+3, for vector widths other than 16 lanes. Each
     * block is decoded once, scaled, and applied to all four tokens; a row's result does not depend on
     * its partner, so it is the same whichever way a thread's range splits into pairs.
     */
    private void dot4(int r, int r2, float[] x, int t0, float[] out) {
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
     * Rows r0..r3 (which may repeat) by tokens t0..t0+3 with 16-lane vectors: four weight streams,
     * each activation load feeding four FMAs, 16 accumulators. Each takes a block's two halves one after
     * the other, but with 32 FMAs per block the chains no longer wait on FMA latency (with two rows and
     * 8 accumulators they did). Against two rows with 16 accumulators (one per half), KernelSpeedProbe
     * 4-token from memory 0.031-0.034 → 0.030-0.031 ns per weight and token, the same from L2; with two
     * threads GenerationSpeedProbe's batched step on the Qwen2.5-shaped Q8_0 file took 87-100 → 77-104
     * CPU ms (median 94 → 82, a loaded machine): four streams per thread keep more of the weight reads
     * in flight. A row's result does not depend on the rows beside it.
     */
    private void dot4x4(int r0, int r1, int r2, int r3, float[] x, int t0, float[] out) {
        var f = FloatVector.SPECIES_512;
        long p0 = r0 * rowBytes, p1 = r1 * rowBytes, p2 = r2 * rowBytes, p3 = r3 * rowBytes;
        FloatVector z = FloatVector.zero(f);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        int c1 = cols, c2 = 2 * cols, c3 = 3 * cols;
        for (int c = t0 * cols, end = c + cols; c < end; c += 32, p0 += BYTES, p1 += BYTES, p2 += BYTES, p3 += BYTES) {
            FloatVector d0 = FloatVector.broadcast(f, f16(p0)), d1 = FloatVector.broadcast(f, f16(p1));
            FloatVector d2 = FloatVector.broadcast(f, f16(p2)), d3 = FloatVector.broadcast(f, f16(p3));
            for (int h = 0; h < 2; h++) {
                int o = 2 + 16 * h, xc = c + 16 * h;
                FloatVector w0 = ((FloatVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, p0 + o, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, f, 0)).mul(d0);
                FloatVector w1 = ((FloatVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, p1 + o, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, f, 0)).mul(d1);
                FloatVector w2 = ((FloatVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, p2 + o, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, f, 0)).mul(d2);
                FloatVector w3 = ((FloatVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, p3 + o, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, f, 0)).mul(d3);
                FloatVector xv = FloatVector.fromArray(f, x, xc);
                a00 = w0.fma(xv, a00); a10 = w1.fma(xv, a10); a20 = w2.fma(xv, a20); a30 = w3.fma(xv, a30);
                xv = FloatVector.fromArray(f, x, xc + c1);
                a01 = w0.fma(xv, a01); a11 = w1.fma(xv, a11); a21 = w2.fma(xv, a21); a31 = w3.fma(xv, a31);
                xv = FloatVector.fromArray(f, x, xc + c2);
                a02 = w0.fma(xv, a02); a12 = w1.fma(xv, a12); a22 = w2.fma(xv, a22); a32 = w3.fma(xv, a32);
                xv = FloatVector.fromArray(f, x, xc + c3);
                a03 = w0.fma(xv, a03); a13 = w1.fma(xv, a13); a23 = w2.fma(xv, a23); a33 = w3.fma(xv, a33);
            }
        }
        store4(out, t0, r0, a00.reduceLanes(VectorOperators.ADD), a01.reduceLanes(VectorOperators.ADD), a02.reduceLanes(VectorOperators.ADD), a03.reduceLanes(VectorOperators.ADD));
        store4(out, t0, r1, a10.reduceLanes(VectorOperators.ADD), a11.reduceLanes(VectorOperators.ADD), a12.reduceLanes(VectorOperators.ADD), a13.reduceLanes(VectorOperators.ADD));
        store4(out, t0, r2, a20.reduceLanes(VectorOperators.ADD), a21.reduceLanes(VectorOperators.ADD), a22.reduceLanes(VectorOperators.ADD), a23.reduceLanes(VectorOperators.ADD));
        store4(out, t0, r3, a30.reduceLanes(VectorOperators.ADD), a31.reduceLanes(VectorOperators.ADD), a32.reduceLanes(VectorOperators.ADD), a33.reduceLanes(VectorOperators.ADD));
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
