package io.tiergate.engine.model;

import io.tiergate.engine.tensor.ThreadPoolKernels;
import java.nio.file.Path;
import java.util.Random;

/**
 * Not a test: a main that times {@link Attention#compute} for one generated token (one row, every layer)
 * at cache lengths 256 and 1,024 on one thread, as this thread's CPU time (best of 20 rounds of 10), per
 * token and per head and position. Argument: a GGUF file (only its shape is used; the cache holds random
 * floats). Run with the test class path, as {@code KernelSpeedProbe}.
 */
public final class AttentionSpeedProbe {

    private AttentionSpeedProbe() {}

    public static void main(String[] args) throws Exception {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        try (Model model = Model.load(Path.of(args[0]), 1); ThreadPoolKernels k = new ThreadPoolKernels(1)) {
            ModelConfig c = model.config();
            Session s = model.newSession(2048);
            s.ensureCapacity(2048);
            Random rnd = new Random(1);
            for (int l = 0; l < c.layers(); l++) {
                float[] kk = s.keys(l), vv = s.values(l);
                for (int i = 0; i < kk.length; i++) { kk[i] = (float) rnd.nextGaussian(); vv[i] = (float) rnd.nextGaussian(); }
            }
            float[] q = new float[c.qDim()], out = new float[c.qDim()];
            for (int i = 0; i < q.length; i++) q[i] = (float) rnd.nextGaussian() * 0.1f;
            for (int pos : new int[]{256, 1024, 256, 1024}) {
                double best = 1e18;
                for (int round = 0; round < 20; round++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (int rep = 0; rep < 10; rep++)
                        for (int l = 0; l < c.layers(); l++)
                            Attention.compute(c, l, new Session[]{s}, new int[]{pos}, q, out, 0.125f, 0, k);
                    best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / 10.0);
                }
                System.out.printf("pos %d: %.3f ms per token (all layers), %.1f ns per head-position%n", pos, best / 1e6,
                        best / (c.layers() * (double) c.heads() * (pos + 1)));
            }
        }
    }
}
