package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q5_K: super-blocks of 256 elements in 176 bytes — f16 d, f16 dmin, 12 bytes of scales/mins (as Q4_K),
 * 32 bytes qh holding each element's fifth bit (sub-block s uses bit s of qh[l]), 128 bytes of nibbles.
 */
public final class Q5KMatrix extends WeightMatrix {

    private static final int BLOCK = 256;
    private static final int BYTES = 176;

    Q5KMatrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.Q5_K, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        Scratch scratch = Scratch.get();
        int[] sc = scratch.sc;
        int[] mn = scratch.mn;
        FloatVector acc = FloatVector.zero(Vectors.F);
        FloatVector mins = FloatVector.zero(Vectors.F);
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            float d = f16(at);
            float dmin = f16(at + 2);
            KQuantScales.unpack(data, at + 4, sc, mn);
            for (int j = 0; j < 4; j++) {
                int xi = xOff + b * BLOCK + 64 * j;
                FloatVector sLo = FloatVector.zero(Vectors.F), sHi = sLo, xLo = sLo, xHi = sLo;
                // 16-byte halves h: every kernel converts 16-lane byte vectors only (see the note in Vectors)
                for (int h = 0; h < 2; h++) {
                    ByteVector qh = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 16 + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 48 + 32L * j + 16 * h, ByteOrder.LITTLE_ENDIAN);
                    ByteVector lo = q.and((byte) 0xF).or(Vectors.shiftLeft(Vectors.shiftRight(qh, 2 * j).and((byte) 1), 4));
                    ByteVector hi = Vectors.highNibbles(q).or(Vectors.shiftLeft(Vectors.shiftRight(qh, 2 * j + 1).and((byte) 1), 4));
                    for (int p = 0; p < 16 / Vectors.LANES; p++) {
                        FloatVector x0 = FloatVector.fromArray(Vectors.F, x, xi + 16 * h + p * Vectors.LANES);
                        FloatVector x1 = FloatVector.fromArray(Vectors.F, x, xi + 32 + 16 * h + p * Vectors.LANES);
                        sLo = ((FloatVector) lo.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(x0, sLo);
                        sHi = ((FloatVector) hi.convertShape(VectorOperators.B2F, Vectors.F, p)).fma(x1, sHi);
                        xLo = xLo.add(x0);
                        xHi = xHi.add(x1);
                    }
                }
                acc = sLo.fma(FloatVector.broadcast(Vectors.F, d * sc[2 * j]), acc);
                acc = sHi.fma(FloatVector.broadcast(Vectors.F, d * sc[2 * j + 1]), acc);
                mins = xLo.fma(FloatVector.broadcast(Vectors.F, dmin * mn[2 * j]), mins);
                mins = xHi.fma(FloatVector.broadcast(Vectors.F, dmin * mn[2 * j + 1]), mins);
            }
        }
        return acc.sub(mins).reduceLanes(VectorOperators.ADD);
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
                    int q = data.get(ValueLayout.JAVA_BYTE, at + 48 + 32L * j + l) & 0xFF;
                    int h = data.get(ValueLayout.JAVA_BYTE, at + 16 + l) & 0xFF;
                    int lo = (q & 0xF) | (((h >> (2 * j)) & 1) << 4);
                    int hi = (q >> 4) | (((h >> (2 * j + 1)) & 1) << 4);
                    out[y + 64 * j + l] = d * sc[2 * j] * lo - dmin * mn[2 * j];
                    out[y + 64 * j + 32 + l] = d * sc[2 * j + 1] * hi - dmin * mn[2 * j + 1];
                }
            }
        }
    }
}
