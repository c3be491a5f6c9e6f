package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.testkit.gguf.GgufTensorType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;

/**
 * Not a test: a record of the int8-activation experiment (docs/engine.md, "int8 activations"). Times,
 * interleaved, one thread's CPU time per weight of matrix-vector kernels on a 96 MB matrix of 896
 * columns: 0 the engine's float kernel; for Q5_0 1 activations quantised to int8 per block of 32 and
 * kept widened as shorts, each weight half widened to shorts, short products, one float FMA per block;
 * 2 the same with the 16 nibble bytes widened once and the nibbles split in short lanes; 3 the float
 * kernel without the fifth bits (what they cost); for Q8_0 1 the int16 product kernel. Arguments: TYPE
 * (Q5_0 or Q8_0) [rounds].
 */
public final class Int8KernelProbe {

    private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Int8KernelProbe() {}

    public static void main(String[] args) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        String name = args.length > 0 ? args[0] : "Q5_0";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        GgufTensorType type = GgufTensorType.valueOf(name);
        int cols = 896;
        Path p = KernelSpeedProbe.file(type, cols);
        try (GgufFile f = GgufFile.open(p)) {
            WeightMatrix m = WeightMatrix.of(p, f.tensorInfo("w").orElseThrow(), f.tensor("w"));
            int rows = m.rows();
            Random rnd = new Random(8);
            float[] x = new float[cols];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            short[] xs = new short[cols];
            float[] dx = new float[cols / 32];
            float[] outF = new float[rows], outI = new float[rows];
            int variants = type == GgufTensorType.Q5_0 ? 4 : 2;
            double[] mem = new double[variants], l2 = new double[variants];
            java.util.Arrays.fill(mem, Double.MAX_VALUE);
            java.util.Arrays.fill(l2, Double.MAX_VALUE);
            double quant = Double.MAX_VALUE;
            int cached = 256;
            for (int round = 0; round < rounds; round++) {
                for (int v = 0; v < variants; v++) {
                    float[] out = v == 0 ? outF : v < 3 ? outI : new float[rows];
                    long t0 = cpu.getCurrentThreadCpuTime();
                    run(v, m, type, x, xs, dx, out, 0, rows);
                    mem[v] = Math.min(mem[v], (cpu.getCurrentThreadCpuTime() - t0) / (double) rows / cols);
                    long t1 = cpu.getCurrentThreadCpuTime();
                    for (int rep = 0; rep < 64; rep++) run(v, m, type, x, xs, dx, out, 0, cached);
                    l2[v] = Math.min(l2[v], (cpu.getCurrentThreadCpuTime() - t1) / 64.0 / cached / cols);
                }
                long t2 = cpu.getCurrentThreadCpuTime();
                for (int rep = 0; rep < 1000; rep++) quantize(x, xs, dx);
                quant = Math.min(quant, (cpu.getCurrentThreadCpuTime() - t2) / 1000.0);
            }
            double maxRel = 0;
            for (int r = 0; r < rows; r++) maxRel = Math.max(maxRel, Math.abs(outI[r] - outF[r]) / (Math.abs(outF[r]) + 1e-3));
            for (int v = 0; v < variants; v++) {
                System.out.printf("%s %dx%d variant %d: matvec %.4f ns/weight memory, %.4f L2%n", name, rows, cols, v, mem[v], l2[v]);
            }
            System.out.printf("quantise x: %.0f ns per %d floats; int variant vs float: max rel diff %.4f (out[7] %.5f vs %.5f)%n",
                    quant, cols, maxRel, outI[7], outF[7]);
        }
    }

    private static void run(int v, WeightMatrix m, GgufTensorType type, float[] x, short[] xs, float[] dx, float[] out, int from, int to) {
        if (v == 0) {
            m.dotRows(x, 0, out, from, to);
            return;
        }
        quantize(x, xs, dx);
        if (type == GgufTensorType.Q5_0) {
            if (v == 1) for (int r = from; r < to; r++) out[r] = q5A(m, r, xs, dx);
            else if (v == 2) for (int r = from; r < to; r++) out[r] = q5C(m, r, xs, dx);
            else for (int r = from; r < to; r++) out[r] = q5NoBits(m, r, x);
        } else {
            for (int r = from; r < to; r++) out[r] = q8A(m, r, xs, dx);
        }
    }

    /** x to int8 per block of 32 (d = max|x| / 127, q = round(x / d)), kept as shorts. */
    static void quantize(float[] x, short[] xs, float[] dx) {
        for (int b = 0; b < dx.length; b++) {
            FloatVector a = FloatVector.fromArray(F, x, b * 32), c = FloatVector.fromArray(F, x, b * 32 + 16);
            float amax = a.abs().max(c.abs()).reduceLanes(VectorOperators.MAX);
            float d = amax / 127f;
            float id = d == 0 ? 0 : 1f / d;
            dx[b] = d;
            for (int i = 0; i < 32; i++) xs[b * 32 + i] = (short) Math.round(x[b * 32 + i] * id);
        }
    }

    /** Q5_0: signed bytes as now, each half widened to shorts, short products, one FMA per block. */
    static float q5A(WeightMatrix m, int row, short[] xs, float[] dx) {
        MemorySegment data = m.data;
        long base = row * m.rowBytes;
        FloatVector acc = FloatVector.zero(F), other = acc;
        for (int b = 0; b < m.cols / 32; b++) {
            long at = base + (long) b * 22;
            long head = data.get(LONG, at);
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            int missing = ~(int) (head >>> 16);
            ByteVector lo = q.and((byte) 0xF).lanewise(VectorOperators.OR, (byte) 0xF0, VectorMask.fromLong(ByteVector.SPECIES_128, missing & 0xFFFF));
            ByteVector hi = Vectors.highNibbles(q).lanewise(VectorOperators.OR, (byte) 0xF0, VectorMask.fromLong(ByteVector.SPECIES_128, (missing >>> 16) & 0xFFFF));
            ShortVector wl = (ShortVector) lo.convertShape(VectorOperators.B2S, S, 0);
            ShortVector wh = (ShortVector) hi.convertShape(VectorOperators.B2S, S, 0);
            ShortVector prod = wl.mul(ShortVector.fromArray(S, xs, b * 32)).add(wh.mul(ShortVector.fromArray(S, xs, b * 32 + 16)));
            FloatVector pf = (FloatVector) prod.convertShape(VectorOperators.S2F, F, 0);
            FloatVector next = pf.fma(FloatVector.broadcast(F, Float.float16ToFloat((short) head) * dx[b]), other);
            other = acc;
            acc = next;
        }
        return acc.add(other).reduceLanes(VectorOperators.ADD);
    }

    /** Float path without the fifth bits: nibbles, two conversions, two FMAs. */
    static float q5NoBits(WeightMatrix m, int row, float[] x) {
        MemorySegment data = m.data;
        long base = row * m.rowBytes;
        FloatVector acc = FloatVector.zero(F), other = acc;
        for (int b = 0; b < m.cols / 32; b++) {
            long at = base + (long) b * 22;
            long head = data.get(LONG, at);
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            ByteVector lo = q.and((byte) 0xF);
            ByteVector hi = Vectors.highNibbles(q);
            FloatVector sum = ((FloatVector) lo.convertShape(VectorOperators.B2F, F, 0)).mul(FloatVector.fromArray(F, x, b * 32));
            sum = ((FloatVector) hi.convertShape(VectorOperators.B2F, F, 0)).fma(FloatVector.fromArray(F, x, b * 32 + 16), sum);
            FloatVector next = sum.fma(FloatVector.broadcast(F, Float.float16ToFloat((short) head)), other);
            other = acc;
            acc = next;
        }
        return acc.add(other).reduceLanes(VectorOperators.ADD);
    }


    /** Q5_0: the 16 nibble bytes widened once to shorts, nibbles and fifth bits handled in short lanes. */
    static float q5C(WeightMatrix m, int row, short[] xs, float[] dx) {
        MemorySegment data = m.data;
        long base = row * m.rowBytes;
        FloatVector acc = FloatVector.zero(F), other = acc;
        for (int b = 0; b < m.cols / 32; b++) {
            long at = base + (long) b * 22;
            long head = data.get(LONG, at);
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 6, ByteOrder.LITTLE_ENDIAN);
            ShortVector s = (ShortVector) q.convertShape(VectorOperators.B2S, S, 0);
            int missing = ~(int) (head >>> 16);
            ShortVector wl = s.and((short) 0xF).lanewise(VectorOperators.OR, (short) 0xFFF0, VectorMask.fromLong(S, missing & 0xFFFF));
            ShortVector wh = s.lanewise(VectorOperators.ASHR, 4).and((short) 0xF)
                    .lanewise(VectorOperators.OR, (short) 0xFFF0, VectorMask.fromLong(S, (missing >>> 16) & 0xFFFF));
            ShortVector prod = wl.mul(ShortVector.fromArray(S, xs, b * 32)).add(wh.mul(ShortVector.fromArray(S, xs, b * 32 + 16)));
            FloatVector pf = (FloatVector) prod.convertShape(VectorOperators.S2F, F, 0);
            FloatVector next = pf.fma(FloatVector.broadcast(F, Float.float16ToFloat((short) head) * dx[b]), other);
            other = acc;
            acc = next;
        }
        return acc.add(other).reduceLanes(VectorOperators.ADD);
    }

    /** Q8_0: both 16-byte halves widened to shorts, short products summed in pairs, one FMA per block. */
    static float q8A(WeightMatrix m, int row, short[] xs, float[] dx) {
        MemorySegment data = m.data;
        long base = row * m.rowBytes;
        FloatVector acc = FloatVector.zero(F), other = acc;
        for (int b = 0; b < m.cols / 32; b++) {
            long at = base + (long) b * 34;
            ByteVector q0 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 2, ByteOrder.LITTLE_ENDIAN);
            ByteVector q1 = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at + 18, ByteOrder.LITTLE_ENDIAN);
            ShortVector w0 = (ShortVector) q0.convertShape(VectorOperators.B2S, S, 0);
            ShortVector w1 = (ShortVector) q1.convertShape(VectorOperators.B2S, S, 0);
            ShortVector prod = w0.mul(ShortVector.fromArray(S, xs, b * 32)).add(w1.mul(ShortVector.fromArray(S, xs, b * 32 + 16)));
            FloatVector pf = (FloatVector) prod.convertShape(VectorOperators.S2F, F, 0);
            FloatVector next = pf.fma(FloatVector.broadcast(F, m.f16(at) * dx[b]), other);
            other = acc;
            acc = next;
        }
        return acc.add(other).reduceLanes(VectorOperators.ADD);
    }
}
