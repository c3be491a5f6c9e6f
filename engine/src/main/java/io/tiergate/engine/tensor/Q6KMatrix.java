package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q6_K: super-blocks of 256 elements in 210 bytes — ql[128] (low 4 bits), qh[64] (high 2 bits),
 * int8 scales[16] (one per 16 elements), f16 d at the end; x = d * scale * (q - 32). Each half of
 * 128 elements uses 64 bytes of ql and 32 of qh: element l, l+32, l+64, l+96 share ql[l]/ql[l+32]
 * nibbles and the four 2-bit fields of qh[l].
 */
public final class Q6KMatrix extends WeightMatrix {

    private static final int BLOCK = 256;
    private static final int BYTES = 210;

    Q6KMatrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.Q6_K, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        Scratch scratch = Scratch.get();
        if (Vectors.LANES == 16) return dot16(row, x, xOff, scratch.scales, Vectors.sums(x, xOff, cols, 16, scratch.sums(cols / 16)));
        return dot(row, x, xOff, scratch.scales);
    }

    @Override
    void dotRows(float[] x, int xOff, float[] out, int rowFrom, int rowTo, int outOff) {
        Scratch scratch = Scratch.get();
        float[] scales = scratch.scales;
        if (Vectors.LANES == 16) {
            float[] sums = Vectors.sums(x, xOff, cols, 16, scratch.sums(cols / 16)); // the same for every row: once per call
            for (int r = rowFrom; r < rowTo; r++) out[outOff + r] = dot16(r, x, xOff, scales, sums);
            return;
        }
        for (int r = rowFrom; r < rowTo; r++) out[outOff + r] = dot(r, x, xOff, scales);
    }

    /**
     * The 6-bit values 0..63 of group k (k = 0, 1) from the low nibbles of {@code ql} and field k of
     * {@code qh} (bits 2k, 2k+1, moved to bits 4, 5 by a shift left of 4 - 2k). Tiny, so inlined and
     * never boxed; 16-lane byte vectors only, as every byte helper (see Vectors).
     */
    private static ByteVector lowGroup(ByteVector ql, ByteVector qh, int k) {
        return ql.and((byte) 0xF).or(Vectors.shiftLeft(qh, 4 - 2 * k).and((byte) 0x30));
    }

    /** The same for group k + 2: the high nibbles of {@code ql} and field k + 2 of {@code qh} (a shift right of 2k). */
    private static ByteVector highGroup(ByteVector ql, ByteVector qh, int k) {
        return Vectors.highNibbles(ql).or(Vectors.shiftRight(qh, 2 * k).and((byte) 0x30));
    }

    /**
     * The dot product with 16-lane vectors: the -32 offset of every weight is taken out of the loop
     * (32 * Σ_s scale_s * Σ x over the 16 columns of s, one vector FMA per super-block), and each
     * 16-weight group is one multiply by x and one FMA by its scale, into one accumulator for the
     * groups of low and one for those of high nibbles; each field of qh reaches bits 4-5 in one shift.
     */
    private float dot16(int row, float[] x, int xOff, float[] scales, float[] sums) {
        long base = row * rowBytes;
        FloatVector acc = FloatVector.zero(FloatVector.SPECIES_512), acc2 = acc, offset = acc; // two FMA chains
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            unpackScales(at, scales);
            offset = FloatVector.fromArray(FloatVector.SPECIES_512, scales, 0).fma(FloatVector.fromArray(FloatVector.SPECIES_512, sums, 16 * b), offset);
            for (int n = 0; n < 2; n++) {
                for (int h = 0; h < 2; h++) { // as in dot; n and h as loops of their own, not g >> 1 and g & 1
                    ByteVector qh = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 128 + 32L * n + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < 2; k++) {
                        ByteVector ql = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 64L * n + 16 * h + 32 * k, ByteOrder.LITTLE_ENDIAN);
                        ByteVector qLow = lowGroup(ql, qh, k);
                        ByteVector qHigh = highGroup(ql, qh, k);
                        int xi = xOff + b * BLOCK + 128 * n + 32 * k + 16 * h;
                        FloatVector low = ((FloatVector) qLow.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0)).mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi));
                        FloatVector high = ((FloatVector) qHigh.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0)).mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi + 64));
                        acc = low.fma(FloatVector.broadcast(FloatVector.SPECIES_512, scales[8 * n + 2 * k + h]), acc);
                        acc2 = high.fma(FloatVector.broadcast(FloatVector.SPECIES_512, scales[8 * n + 2 * k + 4 + h]), acc2);
                    }
                }
            }
        }
        return acc.add(acc2).sub(offset.mul(32f)).reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@code scales} is scratch for one super-block's 16 scales times d. Each 16 bytes of ql are read
     * once for the two groups whose nibbles they hold, in a loop of two (shift counts from k) rather
     * than four copies: four copies of the decoding outgrow what the JIT inlines, and what it does not
     * inline it boxes.
     */
    private float dot(int row, float[] x, int xOff, float[] scales) {
        long base = row * rowBytes;
        FloatVector acc0 = FloatVector.zero(Vectors.F), acc1 = acc0; // two FMA chains: groups k and k + 2
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            unpackScales(at, scales);
            for (int g = 0; g < 4; g++) {
                // half n = g / 2 of the super-block, elements l = 16h .. 16h+15 (h = g % 2) of its four
                // groups k of 32: the low four bits are nibble k / 2 of ql[l] (k even) or ql[l + 32]
                // (k odd), the top two bits field k of qh[l]; each 16 share scale 8n + 2k + h
                int n = g >> 1, h = g & 1;
                ByteVector qh = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 128 + 32L * n + 16 * h, ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < 2; k++) {
                    // the bytes ql[l] (k = 0) or ql[l + 32] (k = 1): low nibbles are group k, high nibbles group k + 2
                    ByteVector ql = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 64L * n + 16 * h + 32 * k, ByteOrder.LITTLE_ENDIAN);
                    ByteVector qLow = ql.and((byte) 0xF).or(Vectors.shiftLeft(Vectors.shiftRight(qh, 2 * k).and((byte) 3), 4)).sub((byte) 32);
                    ByteVector qHigh = Vectors.highNibbles(ql).or(Vectors.shiftLeft(Vectors.shiftRight(qh, 2 * k + 4).and((byte) 3), 4)).sub((byte) 32);
                    int xi = xOff + b * BLOCK + 128 * n + 32 * k + 16 * h;
                    FloatVector sumLow = FloatVector.zero(Vectors.F), sumHigh = sumLow;
                    for (int p = 0; p < 16 / Vectors.LANES; p++) {
                        sumLow = ((FloatVector) qLow.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(FloatVector.fromArray(Vectors.F, x, xi + p * Vectors.LANES), sumLow);
                        sumHigh = ((FloatVector) qHigh.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(FloatVector.fromArray(Vectors.F, x, xi + 64 + p * Vectors.LANES), sumHigh);
                    }
                    acc0 = sumLow.fma(FloatVector.broadcast(Vectors.F, scales[8 * n + 2 * k + h]), acc0);
                    acc1 = sumHigh.fma(FloatVector.broadcast(Vectors.F, scales[8 * n + 2 * k + 4 + h]), acc1);
                }
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** scales[i] = d * the i-th int8 scale of the super-block at {@code at}. */
    private void unpackScales(long at, float[] scales) {
        ByteVector raw = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 192, ByteOrder.LITTLE_ENDIAN);
        FloatVector d = FloatVector.broadcast(Vectors.F, f16(at + 208));
        for (int p = 0; p < 16 / Vectors.LANES; p++) {
            ((FloatVector) raw.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d).intoArray(scales, p * Vectors.LANES);
        }
    }

    /**
     * From four tokens on (batched decoding included), decoding each row once and multiplying four
     * rows by four tokens beats a fused decode-and-multiply kernel per row (KernelSpeedProbe:
     * 0.079 against 0.093 ns per weight and token at four tokens).
     */
    @Override
    int minTiledTokens() {
        return 4;
    }

    @Override
    void decodeRow(int row, float[] out, int outOff) {
        if (Vectors.LANES == 16) {
            decodeRow16(row, out, outOff);
            return;
        }
        long base = row * rowBytes;
        float[] scales = Scratch.get().scales;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            unpackScales(at, scales);
            for (int g = 0; g < 4; g++) {
                int n = g >> 1, h = g & 1; // as in dot
                for (int k = 0; k < 4; k++) {
                    decode16(at + 64L * n + 16 * h + 32 * (k & 1), 4 * (k >> 1), at + 128 + 32L * n + 16 * h, 2 * k,
                            scales[8 * n + 2 * k + h], out, outOff + b * BLOCK + 128 * n + 32 * k + 16 * h);
                }
            }
        }
    }

    /**
     * decodeRow with 16-lane vectors, arranged as dot16: each 16 bytes of ql are read once for the two
     * groups whose nibbles they hold and each 16 of qh once for four, against a read of both per 16
     * weights in decode16 (batched decoding decodes every Q6_K row once per step).
     */
    private void decodeRow16(int row, float[] out, int outOff) {
        var f = FloatVector.SPECIES_512;
        long base = row * rowBytes;
        float[] scales = Scratch.get().scales;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            unpackScales(at, scales);
            for (int n = 0; n < 2; n++) {
                for (int h = 0; h < 2; h++) { // loops of their own, as in dot16
                    ByteVector qh = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 128 + 32L * n + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < 2; k++) {
                        ByteVector ql = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 64L * n + 16 * h + 32 * k, ByteOrder.LITTLE_ENDIAN);
                        ByteVector qLow = lowGroup(ql, qh, k).sub((byte) 32);
                        ByteVector qHigh = highGroup(ql, qh, k).sub((byte) 32);
                        int o = outOff + b * BLOCK + 128 * n + 32 * k + 16 * h;
                        ((FloatVector) qLow.convertShape(VectorOperators.B2F, f, 0)).mul(scales[8 * n + 2 * k + h]).intoArray(out, o);
                        ((FloatVector) qHigh.convertShape(VectorOperators.B2F, f, 0)).mul(scales[8 * n + 2 * k + 4 + h]).intoArray(out, o + 64);
                    }
                }
            }
        }
    }

    /**
     * out[o .. o+16) = scale * (q - 32) with q's low four bits from the bytes at {@code qlAt} shifted
     * right by {@code nibbleShift} and its top two from those at {@code qhAt} shifted right by
     * {@code fieldShift}. Only scalars cross the call, so nothing is boxed if the JIT does not inline it.
     */
    private void decode16(long qlAt, int nibbleShift, long qhAt, int fieldShift, float scale, float[] out, int o) {
        ByteVector ql = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, qlAt, ByteOrder.LITTLE_ENDIAN);
        ByteVector qh = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, qhAt, ByteOrder.LITTLE_ENDIAN);
        ByteVector low = Vectors.shiftRight(ql, nibbleShift).and((byte) 0xF);
        ByteVector top = Vectors.shiftLeft(Vectors.shiftRight(qh, fieldShift).and((byte) 3), 4);
        ByteVector q = low.or(top).sub((byte) 32);
        FloatVector s = FloatVector.broadcast(Vectors.F, scale);
        for (int p = 0; p < 16 / Vectors.LANES; p++) {
            ((FloatVector) q.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(s).intoArray(out, o + p * Vectors.LANES);
        }
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            float d = f16(at + 208);
            for (int n = 0; n < 2; n++) {
                long ql = at + 64L * n;
                long qh = at + 128 + 32L * n;
                long sc = at + 192 + 8L * n;
                int y = outOff + b * BLOCK + 128 * n;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int l0 = data.get(ValueLayout.JAVA_BYTE, ql + l) & 0xFF;
                    int l1 = data.get(ValueLayout.JAVA_BYTE, ql + l + 32) & 0xFF;
                    int h = data.get(ValueLayout.JAVA_BYTE, qh + l) & 0xFF;
                    int q1 = ((l0 & 0xF) | ((h & 3) << 4)) - 32;
                    int q2 = ((l1 & 0xF) | (((h >> 2) & 3) << 4)) - 32;
                    int q3 = ((l0 >> 4) | (((h >> 4) & 3) << 4)) - 32;
                    int q4 = ((l1 >> 4) | (((h >> 6) & 3) << 4)) - 32;
                    out[y + l] = d * data.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                    out[y + l + 32] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                    out[y + l + 64] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                    out[y + l + 96] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
                }
            }
        }
    }
}
