package io.tiergate.engine.model;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a main that times generation on one GGUF file — one sequence, then {@code concurrent}
 * sequences batched — printing wall tokens/s and the process's CPU milliseconds per token, so a change
 * can be judged by CPU time when the shared machine's load makes wall time swing. Arguments: FILE
 * [threads=2] [tokens=64] [concurrent=4] [prompt=32] (the single sequence's prompt; {@code bench engine}
 * uses 256, where attention over the cache is a larger share of each token).
 */
public final class GenerationSpeedProbe {

    private GenerationSpeedProbe() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int concurrent = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int promptTokens = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Model model = Model.load(file, threads)) {
            int ctx = 3 * tokens + 64 + promptTokens;
            for (int round = 0; round < 3; round++) { // the first round warms the JIT
                Session s = model.newSession(ctx);
                int[] prompt = new int[promptTokens];
                for (int i = 0; i < prompt.length; i++) prompt[i] = 100 + 7 * i;
                float[] logits = model.forward(s, prompt);
                long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                for (int i = 0; i < tokens; i++) logits = model.forward(s, new int[]{argmax(logits)});
                long c1 = os.getProcessCpuTime(), t1 = System.nanoTime();
                List<Session> sessions = new ArrayList<>();
                List<Segment> step = new ArrayList<>();
                for (int c = 0; c < concurrent; c++) {
                    sessions.add(model.newSession(ctx));
                    step.add(new Segment(sessions.get(c), new int[]{200 + c}));
                }
                float[][] all = model.forward(step);
                long c2 = os.getProcessCpuTime(), t2 = System.nanoTime();
                for (int i = 0; i < tokens; i++) {
                    step = new ArrayList<>();
                    for (int c = 0; c < concurrent; c++) step.add(new Segment(sessions.get(c), new int[]{argmax(all[c])}));
                    all = model.forward(step);
                }
                long c3 = os.getProcessCpuTime(), t3 = System.nanoTime();
                double one = tokens / ((t1 - t0) / 1e9), agg = concurrent * tokens / ((t3 - t2) / 1e9);
                System.out.printf("round %d: 1 sequence %.1f tok/s, %.2f CPU ms/token; %d batched %.1f tok/s (%.2fx), %.2f CPU ms/step; load %.2f%n",
                        round, one, (c1 - c0) / 1e6 / tokens, concurrent, agg, agg / one, (c3 - c2) / 1e6 / tokens, os.getSystemLoadAverage());
            }
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
