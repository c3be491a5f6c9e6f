package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q4_K: super-blocks of 256 elements in 144 bytes — f16 d, f16 dmin, 12 bytes of 6-bit scales/mins
 * for 8 sub-blocks of 32, then 128 bytes of nibbles. Each 32 bytes of nibbles hold two sub-blocks
 * (low nibbles first); x = d * scale * q - dmin * min.
 */
public final class Q4KMatrix extends WeightMatrix {

    private static final int BLOCK = 256;
    private static final int BYTES = 144;

    Q4KMatrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.Q4_K, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        Scratch scratch = Scratch.get();
        float[] sums = minWeights(x, xOff, scratch);
        return Vectors.LANES == 16 ? dot16(row, x, xOff, sums, scratch.scales) : dot(row, x, xOff, sums, scratch.scales);
    }

    @Override
    void dotRows(float[] x, int xOff, float[] out, int rowFrom, int rowTo, int outOff) {
        Scratch scratch = Scratch.get();
        float[] sums = minWeights(x, xOff, scratch); // the same for every row: once per call
        float[] scales = scratch.scales;
        if (Vectors.LANES == 16) {
            int half = (rowTo - rowFrom) / 2;
            for (int r = rowFrom; r < rowFrom + half; r++) dot16Pair(r, r + half, x, xOff, sums, out, outOff);
            if ((rowTo - rowFrom) % 2 != 0) out[outOff + rowTo - 1] = dot16(rowTo - 1, x, xOff, sums, scales);
            return;
        }
        for (int r = rowFrom; r < rowTo; r++) out[outOff + r] = dot(r, x, xOff, sums, scales);
    }

    /**
     * The dot product with 16-lane vectors as one flat loop over the row's 64-weight pairs of
     * sub-blocks, a super-block's scales unpacked at its first pair.
     */
    private float dot16(int row, float[] x, int xOff, float[] sums, float[] scales) {
        var f = FloatVector.SPECIES_512;
        var b = ByteVector.SPECIES_128;
        long base = row * rowBytes;
        FloatVector mins = FloatVector.zero(f), even = mins, odd = mins;
        for (int p = 0, pairs = cols / 64; p < pairs; p++) {
            int j = p & 3;
            long sb = base + (long) (p >> 2) * BYTES;
            if (j == 0) {
                KQuantScales.unpack(data, sb + 4, f16(sb), f16(sb + 2), scales);
                mins = FloatVector.fromArray(f, scales, 0).fma(FloatVector.fromArray(f, sums, 4 * p), mins);
            }
            long at = sb + 16 + 32L * j;
            int xi = xOff + 64 * p;
            ByteVector q0 = ByteVector.fromMemorySegment(b, data, at, ByteOrder.LITTLE_ENDIAN);
            ByteVector q1 = ByteVector.fromMemorySegment(b, data, at + 16, ByteOrder.LITTLE_ENDIAN);
            FloatVector lo = ((FloatVector) q1.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).fma(FloatVector.fromArray(f, x, xi + 16),
                    ((FloatVector) q0.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(FloatVector.fromArray(f, x, xi)));
            FloatVector hi = ((FloatVector) q1.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF)
                    .convertShape(VectorOperators.B2F, f, 0)).fma(FloatVector.fromArray(f, x, xi + 48),
                    ((FloatVector) q0.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF)
                            .convertShape(VectorOperators.B2F, f, 0)).mul(FloatVector.fromArray(f, x, xi + 32)));
            even = lo.fma(FloatVector.broadcast(f, scales[2 * j]), even);
            odd = hi.fma(FloatVector.broadcast(f, scales[2 * j + 1]), odd);
        }
        // summed in a fixed order, as dot16Pair's rows: the same bits whichever of the two a row went through
        float[] lanes = Scratch.get().lanes;
        even.add(odd).sub(mins).intoArray(lanes, 0);
        return Vectors.sum16(lanes);
    }

    /**
     * {@link #dot16} for rows r and r2 at once, in one flat loop: two weight streams in flight instead of
     * one, each x load feeding both rows; per row the operations of {@link #dot16} in its order, so the
     * same results bit for bit.
     */
    private void dot16Pair(int r, int r2, float[] x, int xOff, float[] sums, float[] out, int outOff) {
        var f = FloatVector.SPECIES_512;
        var b = ByteVector.SPECIES_128;
        Scratch scratch = Scratch.get();
        float[] s1 = scratch.scales, s2 = scratch.scales2;
        long base = r * rowBytes, base2 = r2 * rowBytes;
        FloatVector mins = FloatVector.zero(f), even = mins, odd = mins, mins2 = mins, even2 = mins, odd2 = mins;
        for (int p = 0, pairs = cols / 64; p < pairs; p++) {
            int j = p & 3;
            long sb = base + (long) (p >> 2) * BYTES, sb2 = base2 + (long) (p >> 2) * BYTES;
            if (j == 0) {
                KQuantScales.unpack(data, sb + 4, f16(sb), f16(sb + 2), s1);
                KQuantScales.unpack(data, sb2 + 4, f16(sb2), f16(sb2 + 2), s2);
                FloatVector m = FloatVector.fromArray(f, sums, 4 * p);
                mins = FloatVector.fromArray(f, s1, 0).fma(m, mins);
                mins2 = FloatVector.fromArray(f, s2, 0).fma(m, mins2);
            }
            long at = sb + 16 + 32L * j, at2 = sb2 + 16 + 32L * j;
            int xi = xOff + 64 * p;
            FloatVector xa = FloatVector.fromArray(f, x, xi), xb = FloatVector.fromArray(f, x, xi + 16);
            FloatVector xc = FloatVector.fromArray(f, x, xi + 32), xd = FloatVector.fromArray(f, x, xi + 48);
            ByteVector q0 = ByteVector.fromMemorySegment(b, data, at, ByteOrder.LITTLE_ENDIAN);
            ByteVector q1 = ByteVector.fromMemorySegment(b, data, at + 16, ByteOrder.LITTLE_ENDIAN);
            ByteVector p0 = ByteVector.fromMemorySegment(b, data, at2, ByteOrder.LITTLE_ENDIAN);
            ByteVector p1 = ByteVector.fromMemorySegment(b, data, at2 + 16, ByteOrder.LITTLE_ENDIAN);
            FloatVector lo = ((FloatVector) q1.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).fma(xb,
                    ((FloatVector) q0.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(xa));
            FloatVector hi = ((FloatVector) q1.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF)
                    .convertShape(VectorOperators.B2F, f, 0)).fma(xd,
                    ((FloatVector) q0.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF)
                            .convertShape(VectorOperators.B2F, f, 0)).mul(xc));
            FloatVector lo2 = ((FloatVector) p1.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).fma(xb,
                    ((FloatVector) p0.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(xa));
            FloatVector hi2 = ((FloatVector) p1.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF)
                    .convertShape(VectorOperators.B2F, f, 0)).fma(xd,
                    ((FloatVector) p0.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF)
                            .convertShape(VectorOperators.B2F, f, 0)).mul(xc));
            even = lo.fma(FloatVector.broadcast(f, s1[2 * j]), even);
            odd = hi.fma(FloatVector.broadcast(f, s1[2 * j + 1]), odd);
            even2 = lo2.fma(FloatVector.broadcast(f, s2[2 * j]), even2);
            odd2 = hi2.fma(FloatVector.broadcast(f, s2[2 * j + 1]), odd2);
        }
        float[] lanes = scratch.lanes;
        even.add(odd).sub(mins).intoArray(lanes, 0);
        out[outOff + r] = Vectors.sum16(lanes);
        even2.add(odd2).sub(mins2).intoArray(lanes, 0);
        out[outOff + r2] = Vectors.sum16(lanes);
    }

    /**
     * Σ_s d*scale_s * (q_s · x_s) - Σ_s dmin*min_s * Σ x_s over the sub-blocks s of 32: the mins need
     * only the sub-block sums of x ({@code sums}, laid out by {@link #minWeights}, shared by all rows;
     * KernelSpeedProbe: 0.123 → 0.108 ns per weight against the scalar chain it replaced). The row's scales are unpacked
     * first, in a pass of their own: one loop with both would be too large for the JIT to inline every
     * vector operation (and what it does not inline it boxes).
     */
    private float dot(int row, float[] x, int xOff, float[] sums, float[] scales) {
        long base = row * rowBytes;
        FloatVector mins = FloatVector.zero(Vectors.F);
        FloatVector even = FloatVector.zero(Vectors.F), odd = even; // sub-blocks 2j and 2j+1: two FMA chains
        for (int b = 0; b < cols / BLOCK; b++) {
            long sb = base + (long) b * BYTES;
            KQuantScales.unpack(data, sb + 4, f16(sb), f16(sb + 2), scales);
            for (int p = 0; p < 16 / Vectors.LANES; p++) {
                mins = FloatVector.fromArray(Vectors.F, scales, p * Vectors.LANES).fma(FloatVector.fromArray(Vectors.F, sums, 16 * b + p * Vectors.LANES), mins);
            }
            long at = base + (long) b * BYTES + 16;
            for (int j = 0; j < 4; j++) {
                // 32 bytes: low nibbles are sub-block 2j, high nibbles 2j+1; read as two 16-byte halves,
                // each of which converts straight to floats
                int xi = xOff + b * BLOCK + 64 * j;
                FloatVector lo = FloatVector.zero(Vectors.F), hi = lo;
                for (int h = 0; h < 2; h++) {
                    ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 32L * j + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    ByteVector ql = q.and((byte) 0xF);
                    ByteVector qh = Vectors.highNibbles(q);
                    for (int p = 0; p < 16 / Vectors.LANES; p++) {
                        int c = xi + 16 * h + p * Vectors.LANES;
                        lo = ((FloatVector) ql.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(FloatVector.fromArray(Vectors.F, x, c), lo);
                        hi = ((FloatVector) qh.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(FloatVector.fromArray(Vectors.F, x, c + 32), hi);
                    }
                }
                even = lo.fma(FloatVector.broadcast(Vectors.F, scales[2 * j]), even);
                odd = hi.fma(FloatVector.broadcast(Vectors.F, scales[2 * j + 1]), odd);
            }
        }
        return even.add(odd).sub(mins).reduceLanes(VectorOperators.ADD);
    }

    /**
     * What each super-block's 16 unpacked values (8 scales, then 8 mins) are multiplied by for the
     * min term: 0 for the scales, the sub-block sums of x for the mins — 16 floats per super-block, so
     * the min term is one vector FMA per super-block rather than a chain of scalar ones.
     */
    private float[] minWeights(float[] x, int xOff, Scratch scratch) {
        int n = cols / 32;
        float[] sums = Vectors.sums(x, xOff, cols, 32, scratch.sums(n));
        float[] w = scratch.minWeights(2 * n);
        for (int b = 0; b < n / 8; b++) {
            java.util.Arrays.fill(w, 16 * b, 16 * b + 8, 0f);
            System.arraycopy(sums, 8 * b, w, 16 * b + 8, 8);
        }
        return w;
    }

    /**
     * From four tokens on (batched decoding included), decoding each row once and multiplying four
     * rows by four tokens beats the general fused decode-and-multiply kernel per row (KernelSpeedProbe:
     * 0.047 against 0.07 ns per weight and token at four tokens); with 16 lanes {@link #dotTile} takes
     * the flat {@link #dot4Pair} below 16 tokens instead.
     */
    @Override
    int minTiledTokens() {
        return 4;
    }

    @Override
    public void dotTile(float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (Vectors.LANES != 16 || n >= MIN_TILED_TOKENS) {
            super.dotTile(x, n, out, rowFrom, rowTo);
            return;
        }
        int t0 = 0;
        if (n >= 4) {
            float[] minWeights = Scratch.get().minWeights(8 * (cols / 32)); // four tokens' negated min weights
            for (; t0 + 4 <= n; t0 += 4) {
                for (int t = 0; t < 4; t++) negatedMinWeights(x, (t0 + t) * cols, minWeights, t * 2 * (cols / 32));
                int half = (rowTo - rowFrom) / 2;
                for (int r = rowFrom; r < rowFrom + half; r++) dot4Pair(r, r + half, x, t0, minWeights, out);
                if ((rowTo - rowFrom) % 2 != 0) dot4Pair(rowTo - 1, rowTo - 1, x, t0, minWeights, out); // the odd row pairs with itself
            }
        }
        for (; t0 < n; t0++) dotRows(x, t0 * cols, out, rowFrom, rowTo, t0 * rows);
    }

    /**
     * Rows r and r2 (from the two halves of the range, or the odd row twice) by tokens t0..t0+3 with
     * 16-lane vectors, in one flat loop of Vector API calls only (a helper method of ours in a loop this
     * large is not inlined and its vectors are boxed): each 16 weights are decoded and scaled once for
     * the four tokens, each activation load feeds both rows. The min term enters each accumulator as
     * one FMA per super-block of the 16 unpacked scales and mins with {@code minWeights} (per token: 0
     * for the scales, minus the sub-block sums of x for the mins).
     */
    private void dot4Pair(int r, int r2, float[] x, int t0, float[] minWeights, float[] out) {
        var f = FloatVector.SPECIES_512;
        var b128 = ByteVector.SPECIES_128;
        Scratch scratch = Scratch.get();
        float[] s1 = scratch.scales, s2 = scratch.scales2;
        long base = r * rowBytes, base2 = r2 * rowBytes;
        int x0 = t0 * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int mw = 2 * (cols / 32); // one token's min weights
        FloatVector a0 = FloatVector.zero(f), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int blk = 0; blk < cols / BLOCK; blk++) {
            long sb = base + (long) blk * BYTES, sb2 = base2 + (long) blk * BYTES;
            KQuantScales.unpack(data, sb + 4, f16(sb), f16(sb + 2), s1);
            KQuantScales.unpack(data, sb2 + 4, f16(sb2), f16(sb2 + 2), s2);
            FloatVector sv = FloatVector.fromArray(f, s1, 0), sv2 = FloatVector.fromArray(f, s2, 0);
            FloatVector m = FloatVector.fromArray(f, minWeights, 16 * blk);
            a0 = sv.fma(m, a0);
            b0 = sv2.fma(m, b0);
            m = FloatVector.fromArray(f, minWeights, mw + 16 * blk);
            a1 = sv.fma(m, a1);
            b1 = sv2.fma(m, b1);
            m = FloatVector.fromArray(f, minWeights, 2 * mw + 16 * blk);
            a2 = sv.fma(m, a2);
            b2 = sv2.fma(m, b2);
            m = FloatVector.fromArray(f, minWeights, 3 * mw + 16 * blk);
            a3 = sv.fma(m, a3);
            b3 = sv2.fma(m, b3);
            for (int j = 0; j < 4; j++) {
                long at = sb + 16 + 32L * j, at2 = sb2 + 16 + 32L * j;
                ByteVector q0 = ByteVector.fromMemorySegment(b128, data, at, ByteOrder.LITTLE_ENDIAN);
                ByteVector q1 = ByteVector.fromMemorySegment(b128, data, at + 16, ByteOrder.LITTLE_ENDIAN);
                ByteVector p0 = ByteVector.fromMemorySegment(b128, data, at2, ByteOrder.LITTLE_ENDIAN);
                ByteVector p1 = ByteVector.fromMemorySegment(b128, data, at2 + 16, ByteOrder.LITTLE_ENDIAN);
                FloatVector lo = FloatVector.broadcast(f, s1[2 * j]), hi = FloatVector.broadcast(f, s1[2 * j + 1]);
                FloatVector lo2 = FloatVector.broadcast(f, s2[2 * j]), hi2 = FloatVector.broadcast(f, s2[2 * j + 1]);
                // w0..w3: weights 64j + 0..15, 16..31 (sub-block 2j), 32..47, 48..63 (sub-block 2j + 1), scaled
                FloatVector w0 = ((FloatVector) q0.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(lo);
                FloatVector w1 = ((FloatVector) q1.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(lo);
                FloatVector w2 = ((FloatVector) q0.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                        .and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(hi);
                FloatVector w3 = ((FloatVector) q1.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                        .and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(hi);
                FloatVector v0 = ((FloatVector) p0.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(lo2);
                FloatVector v1 = ((FloatVector) p1.and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(lo2);
                FloatVector v2 = ((FloatVector) p0.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                        .and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(hi2);
                FloatVector v3 = ((FloatVector) p1.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                        .and((byte) 0xF).convertShape(VectorOperators.B2F, f, 0)).mul(hi2);
                int c = BLOCK * blk + 64 * j;
                FloatVector xa = FloatVector.fromArray(f, x, x0 + c), xb = FloatVector.fromArray(f, x, x0 + c + 16);
                FloatVector xc = FloatVector.fromArray(f, x, x0 + c + 32), xd = FloatVector.fromArray(f, x, x0 + c + 48);
                a0 = w3.fma(xd, w2.fma(xc, w1.fma(xb, w0.fma(xa, a0))));
                b0 = v3.fma(xd, v2.fma(xc, v1.fma(xb, v0.fma(xa, b0))));
                xa = FloatVector.fromArray(f, x, x1 + c);
                xb = FloatVector.fromArray(f, x, x1 + c + 16);
                xc = FloatVector.fromArray(f, x, x1 + c + 32);
                xd = FloatVector.fromArray(f, x, x1 + c + 48);
                a1 = w3.fma(xd, w2.fma(xc, w1.fma(xb, w0.fma(xa, a1))));
                b1 = v3.fma(xd, v2.fma(xc, v1.fma(xb, v0.fma(xa, b1))));
                xa = FloatVector.fromArray(f, x, x2 + c);
                xb = FloatVector.fromArray(f, x, x2 + c + 16);
                xc = FloatVector.fromArray(f, x, x2 + c + 32);
                xd = FloatVector.fromArray(f, x, x2 + c + 48);
                a2 = w3.fma(xd, w2.fma(xc, w1.fma(xb, w0.fma(xa, a2))));
                b2 = v3.fma(xd, v2.fma(xc, v1.fma(xb, v0.fma(xa, b2))));
                xa = FloatVector.fromArray(f, x, x3 + c);
                xb = FloatVector.fromArray(f, x, x3 + c + 16);
                xc = FloatVector.fromArray(f, x, x3 + c + 32);
                xd = FloatVector.fromArray(f, x, x3 + c + 48);
                a3 = w3.fma(xd, w2.fma(xc, w1.fma(xb, w0.fma(xa, a3))));
                b3 = v3.fma(xd, v2.fma(xc, v1.fma(xb, v0.fma(xa, b3))));
            }
        }
        store4(out, t0, r, a0.reduceLanes(VectorOperators.ADD), a1.reduceLanes(VectorOperators.ADD),
                a2.reduceLanes(VectorOperators.ADD), a3.reduceLanes(VectorOperators.ADD));
        store4(out, t0, r2, b0.reduceLanes(VectorOperators.ADD), b1.reduceLanes(VectorOperators.ADD),
                b2.reduceLanes(VectorOperators.ADD), b3.reduceLanes(VectorOperators.ADD));
    }

    /** One token's {@link #minWeights}, negated, written at {@code out[outOff ..]}: 16 floats per super-block. */
    private void negatedMinWeights(float[] x, int xOff, float[] out, int outOff) {
        int n = cols / 32;
        float[] sums = Vectors.sums(x, xOff, cols, 32, Scratch.get().sums(n));
        for (int b = 0; b < n / 8; b++) {
            java.util.Arrays.fill(out, outOff + 16 * b, outOff + 16 * b + 8, 0f);
            for (int s = 0; s < 8; s++) out[outOff + 16 * b + 8 + s] = -sums[8 * b + s];
        }
    }

    @Override
    void decodeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        float[] scales = Scratch.get().scales;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            KQuantScales.unpack(data, at + 4, f16(at), f16(at + 2), scales);
            for (int j = 0; j < 4; j++) {
                FloatVector sLo = FloatVector.broadcast(Vectors.F, scales[2 * j]);
                FloatVector sHi = FloatVector.broadcast(Vectors.F, scales[2 * j + 1]);
                FloatVector mLo = FloatVector.broadcast(Vectors.F, scales[8 + 2 * j]);
                FloatVector mHi = FloatVector.broadcast(Vectors.F, scales[8 + 2 * j + 1]);
                for (int h = 0; h < 2; h++) {
                    ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 16 + 32L * j + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    int o = outOff + b * BLOCK + 64 * j + 16 * h;
                    ByteVector ql = q.and((byte) 0xF);
                    ByteVector qh = Vectors.highNibbles(q);
                    for (int p = 0; p < 16 / Vectors.LANES; p++) {
                        // multiply then subtract, not an FMA: the same floats as the scalar reference
                        int c = o + p * Vectors.LANES;
                        ((FloatVector) ql.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(sLo).sub(mLo).intoArray(out, c);
                        ((FloatVector) qh.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(sHi).sub(mHi).intoArray(out, c + 32);
                    }
                }
            }
        }
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        Scratch scratch = Scratch.get();
        int[] sc = scratch.sc;
        int[] mn = scratch.mn;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            float d = f16(at);
            float dmin = f16(at + 2);
            KQuantScales.unpack(data, at + 4, sc, mn);
            int y = outOff + b * BLOCK;
            for (int j = 0; j < 4; j++) {
                for (int l = 0; l < 32; l++) {
                    int q = data.get(ValueLayout.JAVA_BYTE, at + 16 + 32L * j + l) & 0xFF;
                    out[y + 64 * j + l] = d * sc[2 * j] * (q & 0xF) - dmin * mn[2 * j];
                    out[y + 64 * j + 32 + l] = d * sc[2 * j + 1] * (q >> 4) - dmin * mn[2 * j + 1];
                }
            }
        }
    }
}
