package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/** F32 weights: 4 bytes per element. */
public final class F32Matrix extends WeightMatrix {

    F32Matrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.F32, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        FloatVector acc = FloatVector.zero(Vectors.F);
        int i = 0;
        for (int upper = Vectors.F.loopBound(cols); i < upper; i += Vectors.LANES) {
            FloatVector w = FloatVector.fromMemorySegment(Vectors.F, data, base + 4L * i, ByteOrder.LITTLE_ENDIAN);
            acc = w.fma(FloatVector.fromArray(Vectors.F, x, xOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) s += data.get(FLOAT, base + 4L * i) * x[xOff + i];
        return s;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int i = 0; i < cols; i++) out[outOff + i] = data.get(FLOAT, base + 4L * i);
    }
}
