package io.tiergate.cli.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link LlamaCppBenchChild} in a forked JVM and reads llama.cpp's own timings from its output;
 * the child is always ended.
 */
final class LlamaCppBench {

    /** llama.cpp's own timing lines, e.g. "prompt eval time =  2828.32 ms /   256 tokens". */
    private static final Pattern TIMING = Pattern.compile("^\\s*(prompt eval|eval) time =\\s*([\\d.]+) ms /\\s*(\\d+) tokens");

    /**
     * Tokens per second, each the median of the runs' own timings; the child's resident memory with the
     * model loaded (its JVM included).
     */
    record Result(int promptTokens, double promptTokensPerSecond, int genTokens, double genTokensPerSecond,
                  TiergateEngineBench.Resident resident) {}

    private LlamaCppBench() {}

    /** The timings, or empty with the reason written to {@code problem}. */
    static Optional<Result> run(Path file, int threads, int promptTokens, int genTokens, int repetitions, StringBuilder problem) {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        // Each run extracts llama.cpp's native library into its own folder: two JVMs sharing
        // /tmp/libjllama.so crash when one rewrites the file the other has mapped.
        Path nativeDir;
        try {
            nativeDir = java.nio.file.Files.createTempDirectory("tiergate-jllama-");
        } catch (java.io.IOException e) {
            problem.append("cannot create a folder for llama.cpp's native library: ").append(e.getMessage());
            return Optional.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dde.kherud.llama.tmpdir=" + nativeDir,
                "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/tiergate-llamacpp-hs_err_%p.log",
                "-cp", System.getProperty("java.class.path"), LlamaCppBenchChild.class.getName(),
                file.toString(), Integer.toString(threads), Integer.toString(promptTokens), Integer.toString(genTokens),
                Integer.toString(repetitions));
        pb.redirectErrorStream(true);
        Process p = null;
        try {
            p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                return read(r, repetitions, problem);
            }
        } catch (Exception e) {
            problem.append("cannot run llama.cpp: ").append(e.getMessage());
            return Optional.empty();
        } finally {
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            deleteQuietly(nativeDir);
        }
    }

    /**
     * Reads the child's output: llama.cpp's timing lines (one prompt and one generation line per run),
     * then the child's resident memory ({@link TiergateEngineBench.Resident#line()}) and {@code DONE}, or {@code ERROR reason}.
     */
    static Optional<Result> read(BufferedReader r, int repetitions, StringBuilder problem) throws IOException {
        int pt = 0, gt = 0;
        List<Double> pp = new ArrayList<>(), tg = new ArrayList<>();
        TiergateEngineBench.Resident resident = TiergateEngineBench.Resident.UNKNOWN;
        for (String line; (line = r.readLine()) != null; ) {
            Matcher m = TIMING.matcher(line);
            Optional<TiergateEngineBench.Resident> rss = TiergateEngineBench.Resident.ofLine(line);
            if (m.find()) {
                int n = Integer.parseInt(m.group(3));
                double perSecond = n * 1000.0 / Double.parseDouble(m.group(2));
                if (m.group(1).startsWith("prompt")) {
                    pt = n;
                    pp.add(perSecond);
                } else {
                    gt = n;
                    tg.add(perSecond);
                }
            } else if (rss.isPresent()) {
                resident = rss.get();
            } else if (line.equals("DONE")) {
                if (pp.size() < repetitions || tg.size() < repetitions) {
                    // a median over fewer runs than the header announces would not compare like with like
                    problem.append("llama.cpp printed timings for ").append(Math.min(pp.size(), tg.size()))
                            .append(" of ").append(repetitions).append(" runs");
                    return Optional.empty();
                }
                return Optional.of(new Result(pt, median(pp), gt, median(tg), resident));
            } else if (line.startsWith("ERROR ")) {
                problem.append(line.substring(6));
                return Optional.empty();
            }
        }
        problem.append("llama.cpp exited without results (crashed?)");
        return Optional.empty();
    }

    private static double median(List<Double> v) {
        return TiergateEngineBench.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void deleteQuietly(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // a leftover temporary folder is harmless
        }
    }
}
