package io.tiergate.engine.oracle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Asks llama.cpp (de.kherud:llama, b4916) for a greedy continuation in a forked JVM, so native
 * crashes, native threads and native logs stay out of the test JVM. The process is always ended.
 */
final class LlamaCppOracle {

    /** The prompt's token ids and the generated text, as llama.cpp saw them. */
    record Run(int[] promptTokens, String text) {}

    private LlamaCppOracle() {}

    static Run greedy(Path model, String prompt, int nPredict, Set<Integer> allowedTokens, int vocabSize, int threads) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String allowed = allowedTokens.stream().map(String::valueOf).collect(Collectors.joining(","));
        // Each run extracts llama.cpp's native library into its own folder: two JVMs sharing
        // /tmp/libjllama.so crash (SIGBUS) when one rewrites the file the other has mapped.
        Path nativeDir = java.nio.file.Files.createTempDirectory("tiergate-jllama-");
        ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dde.kherud.llama.tmpdir=" + nativeDir,
                "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/tiergate-llamacpp-hs_err_%p.log",
                "-cp", System.getProperty("java.class.path"), LlamaCppOracleMain.class.getName(),
                model.toString(), Integer.toString(threads), Integer.toString(nPredict), "0", prompt, allowed, Integer.toString(vocabSize));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals("DONE") || line.startsWith("ERROR")) break;
                }
            }
            if (lines.isEmpty() || !lines.getLast().equals("DONE")) {
                throw new IllegalStateException("llama.cpp oracle failed on " + model + ": " + lines);
            }
            int[] tokens = new int[0];
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                if (line.startsWith("TOKENS")) {
                    String rest = line.substring(6).trim();
                    tokens = rest.isEmpty() ? new int[0] : java.util.Arrays.stream(rest.split(" ")).mapToInt(Integer::parseInt).toArray();
                } else if (line.startsWith("STEP ") && !line.equals("STEP -")) {
                    for (String cp : line.substring(5).split(",")) text.appendCodePoint(Integer.parseInt(cp));
                }
            }
            return new Run(tokens, text.toString());
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            try (var files = java.nio.file.Files.walk(nativeDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
