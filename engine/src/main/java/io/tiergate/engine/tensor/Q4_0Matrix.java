package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q4_0: blocks of 32 elements in 18 bytes — f16 scale d, then 16 bytes whose low nibbles are elements
 * 0..15 and high nibbles elements 16..31; x = d * (q - 8).
 */
public final class Q4_0Matrix extends WeightMatrix {

    private static final int BLOCK = 32;
    private static final int BYTES = 18;

    Q4_0Matrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.Q4_0, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        int half = 16 / Vectors.LANES; // float vectors per 16 nibbles
        FloatVector acc = FloatVector.zero(Vectors.F);
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2, ByteOrder.LITTLE_ENDIAN);
            ByteVector lo = q.and((byte) 0xF).sub((byte) 8);
            ByteVector hi = Vectors.highNibbles(q).sub((byte) 8);
            int xi = xOff + b * BLOCK;
            FloatVector sum = FloatVector.zero(Vectors.F);
            for (int p = 0; p < half; p++) {
                sum = ((FloatVector) lo.convertShape(VectorOperators.B2F, Vectors.F, p))
                        .fma(FloatVector.fromArray(Vectors.F, x, xi + p * Vectors.LANES), sum);
                sum = ((FloatVector) hi.convertShape(VectorOperators.B2F, Vectors.F, p))
                        .fma(FloatVector.fromArray(Vectors.F, x, xi + 16 + p * Vectors.LANES), sum);
            }
            acc = sum.fma(FloatVector.broadcast(Vectors.F, f16(at)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = base + (long) b * BYTES;
            float d = f16(at);
            for (int j = 0; j < 16; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, at + 2 + j) & 0xFF;
                out[outOff + b * BLOCK + j] = d * ((q & 0xF) - 8);
                out[outOff + b * BLOCK + j + 16] = d * ((q >> 4) - 8);
            }
        }
    }
}
