package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;

import java.lang.foreign.MemorySegment;

/** F16 (IEEE half) weights: 2 bytes per element; the conversion is a CPU intrinsic. */
public final class F16Matrix extends WeightMatrix {

    F16Matrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.F16, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= cols; i += 4) {
            s0 += f16(base + 2L * i) * x[xOff + i];
            s1 += f16(base + 2L * i + 2) * x[xOff + i + 1];
            s2 += f16(base + 2L * i + 4) * x[xOff + i + 2];
            s3 += f16(base + 2L * i + 6) * x[xOff + i + 3];
        }
        for (; i < cols; i++) s0 += f16(base + 2L * i) * x[xOff + i];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int i = 0; i < cols; i++) out[outOff + i] = f16(base + 2L * i);
    }
}
