package io.tiergate.cli.engine;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The llama.cpp side of {@code bench engine}, run in a JVM of its own (native code may crash, leaves a
 * non-daemon thread behind and logs to stderr). llama.cpp prints its own timings to stderr
 * ({@code prompt eval time = … ms / N tokens}); the parent reads them.
 *
 * <p>Driven line by line on stdin, so the parent can interleave its own runs with these: after loading
 * the model and one untimed warm-up completion (as the parent warms its JIT) it prints {@code READY};
 * each {@code RUN} runs the completion once and prints {@code RAN} after its timings; {@code END} (or
 * the parent's end of stdin) prints its resident memory ({@code RSS total file anon peak}, bytes) with
 * the model loaded, then {@code DONE}, and halts. Arguments: model threads promptTokens genTokens.
 */
public final class LlamaCppBenchChild {

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        try {
            int threads = Integer.parseInt(args[1]);
            int promptTokens = Integer.parseInt(args[2]);
            int genTokens = Integer.parseInt(args[3]);
            ModelParameters mp = new ModelParameters().setModel(args[0]).setThreads(threads).setThreadsBatch(threads)
                    .setCtxSize(promptTokens + genTokens + 64).setBatchSize(512).setGpuLayers(0);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            try (LlamaModel model = new LlamaModel(mp)) {
                String prompt = promptOf(model, promptTokens);
                InferenceParameters ip = new InferenceParameters(prompt).setNPredict(genTokens).setTemperature(0f)
                        .setCachePrompt(false).setIgnoreEos(true);
                completeOnce(model, ip); // warm-up: its timing lines come before READY, which the parent ignores
                out.println("READY");
                for (String command; (command = in.readLine()) != null && command.equals("RUN"); ) {
                    completeOnce(model, ip); // the prompt is not cached: every run evaluates it again
                    out.println("RAN");
                }
                out.println(TiergateEngineBench.resident().line()); // the model still loaded
            }
            out.println("DONE");
        } catch (Throwable t) {
            out.println("ERROR " + t);
        }
        out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void completeOnce(LlamaModel model, InferenceParameters ip) throws InterruptedException {
        model.complete(ip);
        // llama.cpp prints its timings to stderr when the slot is released, just after the reply.
        Thread.sleep(500);
    }

    /** Text that tokenizes to about {@code n} tokens under this model's vocabulary. */
    private static String promptOf(LlamaModel model, int n) {
        StringBuilder sb = new StringBuilder();
        String sentence = BenchPrompt.SENTENCE;
        while (model.encode(sb.toString()).length < n) sb.append(sentence);
        int[] ids = model.encode(sb.toString());
        return model.decode(java.util.Arrays.copyOf(ids, n));
    }
}
