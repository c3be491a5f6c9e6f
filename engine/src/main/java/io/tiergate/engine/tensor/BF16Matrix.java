package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/** BF16 weights: the upper 16 bits of an F32, 2 bytes per element. */
public final class BF16Matrix extends WeightMatrix {

    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    BF16Matrix(int rows, int cols, MemorySegment data) {
        super(rows, cols, GgmlType.BF16, data);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        FloatVector acc = FloatVector.zero(Vectors.F);
        int step = S.length();
        int i = 0;
        for (; i + step <= cols; i += step) {
            ShortVector sv = ShortVector.fromMemorySegment(S, data, base + 2L * i, ByteOrder.LITTLE_ENDIAN);
            for (int part = 0; part < step / Vectors.LANES; part++) {
                IntVector iv = (IntVector) sv.convertShape(VectorOperators.S2I, I, part);
                FloatVector w = iv.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                acc = w.fma(FloatVector.fromArray(Vectors.F, x, xOff + i + part * Vectors.LANES), acc);
            }
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) s += bf16(base + 2L * i) * x[xOff + i];
        return s;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOff) {
        long base = row * rowBytes;
        for (int i = 0; i < cols; i++) out[outOff + i] = bf16(base + 2L * i);
    }

    private float bf16(long offset) {
        return Float.intBitsToFloat((data.get(SHORT, offset) & 0xFFFF) << 16);
    }
}
