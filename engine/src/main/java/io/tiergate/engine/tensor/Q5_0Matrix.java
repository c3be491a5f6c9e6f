package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q5_0: blocks of 32 elements in 22 bytes — f16 scale d, 4 bytes qh (bit j is element j's fifth bit),
 * 16 bytes of nibbles (element j low nibble of qs[j], element j+16 the high nibble); x = d * (q - 16).
 * llama.cpp's Q4_K_M files use it where a row is not a multiple of 256 (SmolLM2, Qwen2.5).
 */
public final class Q5_0Matrix extends WeightMatrix {

    private static final int BLOCK = 32;
    private static final int BYTES = 22;

    Q5_0Matrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.Q5_0, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        return Vectors.LANES == 16 ? dot16(row, x, xOff) : dotAnyWidth(row, x, xOff);
    }

    /**
     * The dot product with 16-lane vectors (AVX-512): a block's 32 weights are exactly two vectors, so
     * one multiply and one FMA give the block's sum and a single accumulator takes it times d —
     * without the two-accumulator rotation and zeroed partial sums of the general loop, which cost
     * register moves in every block (KernelSpeedProbe: 0.095 → 0.085-0.087 ns per weight).
     */
    private float dot16(int row, float[] x, int xOff) {
        long at = row * rowBytes;
        FloatVector acc = FloatVector.zero(FloatVector.SPECIES_512);
        for (int xi = xOff, end = xOff + cols; xi < end; xi += BLOCK, at += BYTES) {
            long head = data.get(LONG, at);
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            int missing = ~(int) (head >>> 16);
            FloatVector wLo = weights16(q.and((byte) 0xF), missing);
            FloatVector wHi = weights16(Vectors.highNibbles(q), missing >>> 16);
            FloatVector sum = wHi.fma(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi + 16), wLo.mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi)));
            acc = sum.fma(FloatVector.broadcast(FloatVector.SPECIES_512, Float.float16ToFloat((short) head)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * With 16 lanes, rows in pairs, one from each half of the range as Q8_0's: each x load feeds both
     * rows and the weights stay two long sequential streams; per row the operations of
     * {@link #dot16} in its order, so the same results bit for bit (KernelSpeedProbe: 0.085-0.086 →
     * 0.080 ns per weight, three interleaved pairs).
     */
    @Override
    void dotRows(float[] x, int xOff, float[] out, int rowFrom, int rowTo, int outOff) {
        if (Vectors.LANES != 16) {
            super.dotRows(x, xOff, out, rowFrom, rowTo, outOff);
            return;
        }
        var f = FloatVector.SPECIES_512;
        int half = (rowTo - rowFrom) / 2;
        for (int i = 0, passes = half + (rowTo - rowFrom) % 2; i < passes; i++) {
            int r = i < half ? rowFrom + i : rowTo - 1, r2 = i < half ? r + half : r; // the odd row pairs with itself
            long at = r * rowBytes, at2 = r2 * rowBytes;
            FloatVector acc = FloatVector.zero(f), acc2 = acc;
            for (int xi = xOff, end = xOff + cols; xi < end; xi += BLOCK, at += BYTES, at2 += BYTES) {
                long head = data.get(LONG, at), head2 = data.get(LONG, at2);
                ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
                ByteVector q2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 6, ByteOrder.LITTLE_ENDIAN);
                int missing = ~(int) (head >>> 16), missing2 = ~(int) (head2 >>> 16);
                FloatVector xLo = FloatVector.fromArray(f, x, xi), xHi = FloatVector.fromArray(f, x, xi + 16);
                FloatVector wLo = weights16(q.and((byte) 0xF), missing);
                FloatVector wHi = weights16(Vectors.highNibbles(q), missing >>> 16);
                FloatVector wLo2 = weights16(q2.and((byte) 0xF), missing2);
                FloatVector wHi2 = weights16(Vectors.highNibbles(q2), missing2 >>> 16);
                acc = wHi.fma(xHi, wLo.mul(xLo)).fma(FloatVector.broadcast(f, Float.float16ToFloat((short) head)), acc);
                acc2 = wHi2.fma(xHi, wLo2.mul(xLo)).fma(FloatVector.broadcast(f, Float.float16ToFloat((short) head2)), acc2);
            }
            out[outOff + r] = acc.reduceLanes(VectorOperators.ADD);
            out[outOff + r2] = acc2.reduceLanes(VectorOperators.ADD);
        }
    }

    /** The dot product for any vector width (AVX2's 8 lanes, NEON's 4). */
    private float dotAnyWidth(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        int groups = 16 / Vectors.LANES; // float vectors per 16 nibbles
        // two accumulators, for even and odd blocks: one chain would wait an FMA latency per block
        FloatVector acc = FloatVector.zero(Vectors.F), other = acc;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            long head = data.get(LONG, at); // d, then qh (bit j: element j's fifth bit): one bounds check for both
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            ByteVector lo = q.and((byte) 0xF);
            ByteVector hi = Vectors.highNibbles(q);
            int missing = ~(int) (head >>> 16); // bit j clear: element j is its nibble - 16
            int xi = xOff + b * BLOCK;
            FloatVector sum = FloatVector.zero(Vectors.F);
            for (int p = 0; p < groups; p++) {
                int j0 = p * Vectors.LANES;
                FloatVector wLo = ((FloatVector) lo.convertShape(VectorOperators.B2F, Vectors.F, p))
                        .lanewise(VectorOperators.SUB, 16f, VectorMask.fromLong(Vectors.F, missing >>> j0));
                FloatVector wHi = ((FloatVector) hi.convertShape(VectorOperators.B2F, Vectors.F, p))
                        .lanewise(VectorOperators.SUB, 16f, VectorMask.fromLong(Vectors.F, missing >>> (16 + j0)));
                sum = wLo.fma(FloatVector.fromArray(Vectors.F, x, xi + j0), sum);
                sum = wHi.fma(FloatVector.fromArray(Vectors.F, x, xi + 16 + j0), sum);
            }
            FloatVector next = sum.fma(FloatVector.broadcast(Vectors.F, Float.float16ToFloat((short) head)), other);
            other = acc;
            acc = next;
        }
        return acc.add(other).reduceLanes(VectorOperators.ADD);
    }

    /**
     * 16 weights q - 16 as floats from 16 nibbles, the lanes whose bit in {@code missing} is set
     * lacking their fifth bit. Tiny, so the JIT inlines it and its vector result is never boxed.
     */
    private static FloatVector weights16(ByteVector nibbles, int missing) {
        return ((FloatVector) nibbles.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0))
                .lanewise(VectorOperators.SUB, 16f, VectorMask.fromLong(FloatVector.SPECIES_512, missing));
    }

    /** 16 signed weights (from {@link #signed}) as floats times d; tiny, as {@link #weights16}. */
    private static FloatVector scaled16(ByteVector signed, FloatVector d) {
        return ((FloatVector) signed.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0)).mul(d);
    }

    /**
     * The 16 signed weights q - 16 from 16 nibbles and their fifth bits (bit j of {@code bits} for
     * lane j): with the bit set, q - 16 is the nibble itself; without it, nibble - 16, which as a
     * byte is the nibble with the top four bits set — one masked OR.
     */
    private static ByteVector signed(ByteVector nibbles, int bits) {
        return nibbles.lanewise(VectorOperators.OR, (byte) 0xF0, VectorMask.fromLong(ByteVector.SPECIES_128, ~bits & 0xFFFF));
    }

    @Override
    public void dotTile(float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (n >= MIN_TILED_TOKENS) {
            FloatTileKernel.dotTile(this, x, n, out, rowFrom, rowTo);
            return;
        }
        // As Q8_0: tokens in tiles of 4, each block decoded once per tile and applied to all 4 tokens.
        int t0 = 0;
        for (; t0 + 4 <= n; t0 += 4) {
            if (Vectors.LANES == 16) {
                int half = (rowTo - rowFrom) / 2;
                for (int r = rowFrom; r < rowFrom + half; r++) dot4Pair(r, r + half, x, t0, out);
                if ((rowTo - rowFrom) % 2 != 0) dot4Pair(rowTo - 1, rowTo - 1, x, t0, out); // the odd row pairs with itself
            } else {
                for (int r = rowFrom; r < rowTo; r++) dot4(r, x, t0, out);
            }
        }
        for (; t0 < n; t0++) dotRows(x, t0 * cols, out, rowFrom, rowTo, t0 * rows);
    }

    /**
     * Rows r and r2 (from the two halves of the range, or the odd row twice) by tokens t0..t0+3 with
     * 16-lane vectors: each activation load feeds both rows, the weights stay two sequential streams; a
     * row's result does not depend on its partner. KernelSpeedProbe 4-token: 0.044-0.045 → 0.036-0.041
     * ns per weight and token (the pairing of the general dot4 had measured slower, 0.053).
     */
    private void dot4Pair(int r, int r2, float[] x, int t0, float[] out) {
        var f = FloatVector.SPECIES_512;
        long at = r * rowBytes, at2 = r2 * rowBytes;
        int x0 = t0 * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        FloatVector a0 = FloatVector.zero(f), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int c = 0; c < cols; c += BLOCK, at += BYTES, at2 += BYTES) {
            long head = data.get(LONG, at), head2 = data.get(LONG, at2);
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            ByteVector q2 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at2 + 6, ByteOrder.LITTLE_ENDIAN);
            int qh = (int) (head >>> 16), qh2 = (int) (head2 >>> 16);
            FloatVector d = FloatVector.broadcast(f, Float.float16ToFloat((short) head));
            FloatVector d2 = FloatVector.broadcast(f, Float.float16ToFloat((short) head2));
            FloatVector wLo = scaled16(signed(q.and((byte) 0xF), qh), d);
            FloatVector wHi = scaled16(signed(Vectors.highNibbles(q), qh >>> 16), d);
            FloatVector vLo = scaled16(signed(q2.and((byte) 0xF), qh2), d2);
            FloatVector vHi = scaled16(signed(Vectors.highNibbles(q2), qh2 >>> 16), d2);
            FloatVector xl = FloatVector.fromArray(f, x, x0 + c), xh = FloatVector.fromArray(f, x, x0 + c + 16);
            a0 = wHi.fma(xh, wLo.fma(xl, a0));
            b0 = vHi.fma(xh, vLo.fma(xl, b0));
            xl = FloatVector.fromArray(f, x, x1 + c);
            xh = FloatVector.fromArray(f, x, x1 + c + 16);
            a1 = wHi.fma(xh, wLo.fma(xl, a1));
            b1 = vHi.fma(xh, vLo.fma(xl, b1));
            xl = FloatVector.fromArray(f, x, x2 + c);
            xh = FloatVector.fromArray(f, x, x2 + c + 16);
            a2 = wHi.fma(xh, wLo.fma(xl, a2));
            b2 = vHi.fma(xh, vLo.fma(xl, b2));
            xl = FloatVector.fromArray(f, x, x3 + c);
            xh = FloatVector.fromArray(f, x, x3 + c + 16);
            a3 = wHi.fma(xh, wLo.fma(xl, a3));
            b3 = vHi.fma(xh, vLo.fma(xl, b3));
        }
        store4(out, t0, r, a0.reduceLanes(VectorOperators.ADD), a1.reduceLanes(VectorOperators.ADD),
                a2.reduceLanes(VectorOperators.ADD), a3.reduceLanes(VectorOperators.ADD));
        store4(out, t0, r2, b0.reduceLanes(VectorOperators.ADD), b1.reduceLanes(VectorOperators.ADD),
                b2.reduceLanes(VectorOperators.ADD), b3.reduceLanes(VectorOperators.ADD));
    }

    private void dot4(int r, float[] x, int t0, float[] out) {
        long base = r * rowBytes;
        int groups = 16 / Vectors.LANES;
        int x0 = t0 * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        FloatVector a0 = FloatVector.zero(Vectors.F), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            int qh = data.get(INT, at + 2);
            ByteVector lo = signed(q.and((byte) 0xF), qh);
            ByteVector hi = signed(Vectors.highNibbles(q), qh >>> 16);
            FloatVector d = FloatVector.broadcast(Vectors.F, f16(at));
            for (int p = 0; p < groups; p++) {
                int j0 = p * Vectors.LANES;
                FloatVector wLo = ((FloatVector) lo.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d);
                FloatVector wHi = ((FloatVector) hi.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d);
                int c0 = b * BLOCK + j0;
                int c1 = c0 + 16;
                a0 = wHi.fma(FloatVector.fromArray(Vectors.F, x, x0 + c1), wLo.fma(FloatVector.fromArray(Vectors.F, x, x0 + c0), a0));
                a1 = wHi.fma(FloatVector.fromArray(Vectors.F, x, x1 + c1), wLo.fma(FloatVector.fromArray(Vectors.F, x, x1 + c0), a1));
                a2 = wHi.fma(FloatVector.fromArray(Vectors.F, x, x2 + c1), wLo.fma(FloatVector.fromArray(Vectors.F, x, x2 + c0), a2));
                a3 = wHi.fma(FloatVector.fromArray(Vectors.F, x, x3 + c1), wLo.fma(FloatVector.fromArray(Vectors.F, x, x3 + c0), a3));
            }
        }
        store4(out, t0, r, a0.reduceLanes(VectorOperators.ADD), a1.reduceLanes(VectorOperators.ADD),
                a2.reduceLanes(VectorOperators.ADD), a3.reduceLanes(VectorOperators.ADD));
    }

    @Override
    void decodeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            int qh = data.get(INT, at + 2);
            FloatVector d = FloatVector.broadcast(Vectors.F, f16(at));
            ByteVector lo = signed(q.and((byte) 0xF), qh);
            ByteVector hi = signed(Vectors.highNibbles(q), qh >>> 16);
            for (int p = 0; p < 16 / Vectors.LANES; p++) {
                int o = outOff + b * BLOCK + p * Vectors.LANES;
                ((FloatVector) lo.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d).intoArray(out, o);
                ((FloatVector) hi.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(d).intoArray(out, o + 16);
            }
        }
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int b = 0; b < cols / BLOCK; b++) decode(base + (long) b * BYTES, out, outOff + b * BLOCK);
    }

    private void decode(long at, float[] out, int off) {
        float d = f16(at);
        int qh = data.get(INT, at + 2);
        for (int j = 0; j < 16; j++) {
            int q = data.get(ValueLayout.JAVA_BYTE, at + 6 + j) & 0xFF;
            out[off + j] = d * (((q & 0xF) | (((qh >>> j) & 1) << 4)) - 16);
            out[off + j + 16] = d * (((q >> 4) | (((qh >>> (j + 16)) & 1) << 4)) - 16);
        }
    }

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
}
