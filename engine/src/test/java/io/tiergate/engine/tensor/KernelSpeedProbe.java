package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.GgufWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Not a test: a main that times one thread's matrix-vector and 64-token tile kernels per weight for
 * each quantised type, on matrices of Qwen2.5-0.5B's feed-forward shape, to compare kernels against
 * each other (Q8_0 is the yardstick). Prints the best of several rounds of this thread's CPU time, in ns per weight (per weight
 * and token for tiles). Run with the test classpath, e.g.
 * {@code java --add-modules jdk.incubator.vector -cp ... io.tiergate.engine.tensor.KernelSpeedProbe [TYPE...]}.
 */
public final class KernelSpeedProbe {

    private KernelSpeedProbe() {}

    /**
     * A one-tensor GGUF file of {@code type} with {@code cols} columns and about 96 MB of weights (three
     * times the L3 cache, so reading it all streams from memory as inference does), written once.
     */
    static Path file(GgufTensorType type, int cols) throws java.io.IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "kernel-probe"));
        int rows = (int) (96L << 20) / (int) type.rowBytes(cols);
        Path p = dir.resolve(type.name() + "-" + rows + ".gguf");
        if (!Files.exists(p)) {
            Random rnd = new Random(7);
            float[][] pool = new float[64][cols];
            for (float[] row : pool) for (int i = 0; i < cols; i++) row[i] = (float) rnd.nextGaussian() * 0.05f;
            new GgufWriter().tensor("w", type, new long[]{cols, rows}, r -> pool[(int) (r % 64)]).write(p);
        }
        return p;
    }

    public static void main(String[] args) throws Exception {
        // This thread's CPU time, not wall time: on a shared machine the thread is descheduled at times.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] types = args.length > 0 ? args : new String[]{"Q8_0", "Q5_0", "Q4_K", "Q6_K", "Q4_0", "Q5_K"};
        for (String name : types) {
            GgufTensorType type = GgufTensorType.valueOf(name);
            // K-quants need rows of a multiple of 256: the ffn_down width (4864); the others the model width (896).
            int cols = type.blockSize() == 256 ? 4864 : 896;
            Path p = file(type, cols);
            try (GgufFile f = GgufFile.open(p)) {
                WeightMatrix m = WeightMatrix.of(p, f.tensorInfo("w").orElseThrow(), f.tensor("w"));
                int rows = m.rows();
                Random rnd = new Random(8);
                int tokens = 64;
                float[] x = new float[cols * tokens];
                for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
                float[] out = new float[rows * tokens];
                int cached = 256; // rows whose weights stay in L2
                double mem = Double.MAX_VALUE, l2 = Double.MAX_VALUE, tile = Double.MAX_VALUE, four = Double.MAX_VALUE, fourL2 = Double.MAX_VALUE;
                for (int round = 0; round < 8; round++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    m.dotRows(x, 0, out, 0, rows);
                    mem = Math.min(mem, (cpu.getCurrentThreadCpuTime() - t0) / (double) rows / cols);
                    long t1 = cpu.getCurrentThreadCpuTime();
                    for (int rep = 0; rep < 64; rep++) m.dotRows(x, 0, out, 0, cached);
                    l2 = Math.min(l2, (cpu.getCurrentThreadCpuTime() - t1) / 64.0 / cached / cols);
                    long t2 = cpu.getCurrentThreadCpuTime();
                    m.dotTile(x, tokens, out, 0, 2048);
                    tile = Math.min(tile, (cpu.getCurrentThreadCpuTime() - t2) / (double) tokens / 2048 / cols);
                    // four sequences decoding together, on an eighth of the rows (12 MB, streamed from memory: a different eighth each round)
                    int eighth = rows / 8, from = round * eighth;
                    long t3 = cpu.getCurrentThreadCpuTime();
                    m.dotTile(x, 4, out, from, from + eighth);
                    four = Math.min(four, (cpu.getCurrentThreadCpuTime() - t3) / 4.0 / eighth / cols);
                    long t4 = cpu.getCurrentThreadCpuTime();
                    for (int rep = 0; rep < 64; rep++) m.dotTile(x, 4, out, 0, cached);
                    fourL2 = Math.min(fourL2, (cpu.getCurrentThreadCpuTime() - t4) / 64.0 / 4.0 / cached / cols);
                }
                System.out.printf("%-5s %6dx%d  matvec %.3f ns/weight from memory, %.3f from L2   64-token tile %.3f, 4-token %.3f (%.3f from L2) ns/weight/token  (check %.4f)%n",
                        name, rows, cols, mem, l2, tile, four, fourL2, out[2047]);
            }
        }
    }
}
