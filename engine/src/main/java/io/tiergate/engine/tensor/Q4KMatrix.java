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
            for (int r = rowFrom; r < rowTo; r++) out[outOff + r] = dot16(r, x, xOff, sums, scales);
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
        return even.add(odd).sub(mins).reduceLanes(VectorOperators.ADD);
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
     * rows by four tokens beats a fused decode-and-multiply kernel per row (KernelSpeedProbe:
     * 0.047 against 0.07 ns per weight and token at four tokens).
     */
    @Override
    int minTiledTokens() {
        return 4;
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
