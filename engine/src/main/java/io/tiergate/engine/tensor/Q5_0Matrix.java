package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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
        float[] w = new float[BLOCK];
        long base = row * rowBytes;
        FloatVector acc = FloatVector.zero(Vectors.F);
        for (int b = 0; b < cols / BLOCK; b++) {
            decode(base + (long) b * BYTES, w, 0);
            for (int p = 0; p < BLOCK; p += Vectors.LANES) {
                acc = FloatVector.fromArray(Vectors.F, w, p).fma(FloatVector.fromArray(Vectors.F, x, xOff + b * BLOCK + p), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int b = 0; b < cols / BLOCK; b++) decode(base + (long) b * BYTES, out, outOff + b * BLOCK);
    }

    private void decode(long at, float[] out, int off) {
        float d = f16(at);
        int qh = data.get(FLOAT_INT, at + 2);
        for (int j = 0; j < 16; j++) {
            int q = data.get(ValueLayout.JAVA_BYTE, at + 6 + j) & 0xFF;
            out[off + j] = d * (((q & 0xF) | (((qh >>> j) & 1) << 4)) - 16);
            out[off + j + 16] = d * (((q >> 4) | (((qh >>> (j + 16)) & 1) << 4)) - 16);
        }
    }

    private static final ValueLayout.OfInt FLOAT_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
}
