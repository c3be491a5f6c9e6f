package io.tiergate.engine.oracle;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs llama.cpp (the de.kherud:llama binding) on a GGUF file in a JVM of its own and prints, one line
 * each: {@code TOKENS ids…} of the prompt, then per generated token {@code STEP <text as code points>}
 * followed by {@code PROB <code point> <probability>} lines of its top alternatives. Greedy decoding,
 * restricted to the tokens listed as allowed. Ends with {@code DONE} and halts the JVM (the binding
 * leaves a non-daemon native thread behind).
 * Arguments: model threads nPredict nProbs prompt allowedIds(comma-separated)
 */
public final class LlamaCppOracleMain {

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        try {
            LlamaModel.setLogger(LogFormat.TEXT, (level, msg) -> System.err.print(msg));
            String model = args[0];
            int threads = Integer.parseInt(args[1]);
            int nPredict = Integer.parseInt(args[2]);
            int nProbs = Integer.parseInt(args[3]);
            String prompt = args[4];
            java.util.Set<Integer> allowed = new java.util.HashSet<>();
            for (String s : args[5].split(",")) allowed.add(Integer.parseInt(s));
            ModelParameters mp = new ModelParameters().setModel(model).setThreads(threads).setThreadsBatch(threads)
                    .setCtxSize(512).setGpuLayers(0).setSeed(1).skipWarmup();
            try (LlamaModel m = new LlamaModel(mp)) {
                StringBuilder ids = new StringBuilder("TOKENS");
                for (int id : m.encode(prompt)) ids.append(' ').append(id);
                out.println(ids);
                List<Integer> disabled = new ArrayList<>();
                int vocab = Integer.parseInt(args[6]);
                for (int i = 0; i < vocab; i++) if (!allowed.contains(i)) disabled.add(i);
                InferenceParameters ip = new InferenceParameters(prompt).setNPredict(nPredict).setTemperature(0f).setTopK(1)
                        .setNProbs(nProbs).setCachePrompt(false).setRepeatPenalty(1f).setSeed(1).disableTokenIds(disabled);
                for (LlamaOutput o : m.generate(ip)) {
                    out.println("STEP " + codePoints(o.text));
                    for (Map.Entry<String, Float> e : o.probabilities.entrySet()) {
                        out.println("PROB " + codePoints(e.getKey()) + " " + e.getValue());
                    }
                }
            }
            out.println("DONE");
        } catch (Throwable t) {
            out.println("ERROR " + t);
        }
        out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static String codePoints(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(sb.isEmpty() ? "" : ",").append(c));
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
