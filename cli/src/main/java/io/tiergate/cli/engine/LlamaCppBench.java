package io.tiergate.cli.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives {@link LlamaCppBenchChild} in a forked JVM, one run at a time, so that {@code bench engine}
 * can interleave llama.cpp's runs with Tiergate's; reads llama.cpp's own timings from the child's
 * output. The child is always ended ({@link #close()}).
 */
final class LlamaCppBench implements AutoCloseable {

    /** llama.cpp's own timing lines, e.g. "prompt eval time =  2828.32 ms /   256 tokens". */
    private static final Pattern TIMING = Pattern.compile("^\\s*(prompt eval|eval) time =\\s*([\\d.]+) ms /\\s*(\\d+) tokens");

    /**
     * Tokens per second, each the median of the runs' own timings; the child's resident memory with the
     * model loaded (its JVM included).
     */
    record Result(int promptTokens, double promptTokensPerSecond, int genTokens, double genTokensPerSecond,
                  TiergateEngineBench.Resident resident) {}

    private final Process child;
    private final BufferedReader from;
    private final Writer to;
    private final Path nativeDir;
    private final Transcript transcript = new Transcript();

    private LlamaCppBench(Process child, Path nativeDir) {
        this.child = child;
        this.nativeDir = nativeDir;
        this.from = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        this.to = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the child and waits until it has loaded the model and warmed up; empty with the reason in {@code problem}. */
    static Optional<LlamaCppBench> start(Path file, int threads, int promptTokens, int genTokens, StringBuilder problem) {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        // Each run extracts llama.cpp's native library into its own folder: two JVMs sharing
        // /tmp/libjllama.so crash when one rewrites the file the other has mapped.
        Path nativeDir;
        try {
            nativeDir = Files.createTempDirectory("tiergate-jllama-");
        } catch (IOException e) {
            problem.append("cannot create a folder for llama.cpp's native library: ").append(e.getMessage());
            return Optional.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dde.kherud.llama.tmpdir=" + nativeDir,
                "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/tiergate-llamacpp-hs_err_%p.log",
                "-cp", System.getProperty("java.class.path"), LlamaCppBenchChild.class.getName(),
                file.toString(), Integer.toString(threads), Integer.toString(promptTokens), Integer.toString(genTokens));
        pb.redirectErrorStream(true);
        LlamaCppBench bench;
        try {
            bench = new LlamaCppBench(pb.start(), nativeDir);
        } catch (IOException e) {
            deleteQuietly(nativeDir);
            problem.append("cannot run llama.cpp: ").append(e.getMessage());
            return Optional.empty();
        }
        if (bench.readUntil(Transcript.READY, problem)) return Optional.of(bench);
        bench.close();
        return Optional.empty();
    }

    /** One timed completion; false with the reason in {@code problem} if the child failed. */
    boolean runOnce(StringBuilder problem) {
        return send("RUN") && readUntil(Transcript.RAN, problem);
    }

    /** Ends the child's runs: the medians and its resident memory, or empty with the reason in {@code problem}. */
    Optional<Result> finish(int repetitions, StringBuilder problem) {
        if (!send("END") || !readUntil(Transcript.DONE, problem)) return Optional.empty();
        return transcript.result(repetitions, problem);
    }

    private boolean send(String command) {
        try {
            to.write(command + "\n");
            to.flush();
            return true;
        } catch (IOException e) {
            return false; // the child is gone; reading its output says why
        }
    }

    private boolean readUntil(String marker, StringBuilder problem) {
        try {
            return transcript.readUntil(from, marker, problem);
        } catch (IOException e) {
            problem.append("cannot read llama.cpp's output: ").append(e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        child.destroyForcibly();
        try {
            child.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(nativeDir);
    }

    /** A whole transcript of the child's output ({@code READY}, runs each ended by {@code RAN}, {@code RSS …}, {@code DONE}). */
    static Optional<Result> read(BufferedReader r, int repetitions, StringBuilder problem) throws IOException {
        Transcript t = new Transcript();
        return t.readUntil(r, Transcript.DONE, problem) ? t.result(repetitions, problem) : Optional.empty();
    }

    /** What the child has printed so far: the timed runs' figures (not the warm-up's) and its resident memory. */
    private static final class Transcript {
        static final String READY = "READY", RAN = "RAN", DONE = "DONE";
        private boolean ready;
        private int promptTokens, genTokens;
        private final List<Double> prompt = new ArrayList<>(), gen = new ArrayList<>();
        private TiergateEngineBench.Resident resident = TiergateEngineBench.Resident.UNKNOWN;

        /** Reads lines up to {@code marker}; false with the reason in {@code problem} on an error line or the end. */
        boolean readUntil(BufferedReader r, String marker, StringBuilder problem) throws IOException {
            for (String line; (line = r.readLine()) != null; ) {
                ready |= line.equals(READY); // timings before it are the warm-up's
                if (line.equals(marker)) return true;
                if (line.startsWith("ERROR ")) {
                    problem.append(line.substring(6));
                    return false;
                }
                Matcher m = TIMING.matcher(line);
                if (m.find() && ready) {
                    int n = Integer.parseInt(m.group(3));
                    double perSecond = n * 1000.0 / Double.parseDouble(m.group(2));
                    if (m.group(1).startsWith("prompt")) {
                        promptTokens = n;
                        prompt.add(perSecond);
                    } else {
                        genTokens = n;
                        gen.add(perSecond);
                    }
                } else {
                    TiergateEngineBench.Resident.ofLine(line).ifPresent(rss -> resident = rss);
                }
            }
            problem.append("llama.cpp exited without results (crashed?)");
            return false;
        }

        Optional<Result> result(int repetitions, StringBuilder problem) {
            if (prompt.size() < repetitions || gen.size() < repetitions) {
                // a median over fewer runs than the header announces would not compare like with like
                problem.append("llama.cpp printed timings for ").append(Math.min(prompt.size(), gen.size()))
                        .append(" of ").append(repetitions).append(" runs");
                return Optional.empty();
            }
            return Optional.of(new Result(promptTokens, median(prompt), genTokens, median(gen), resident));
        }

        private static double median(List<Double> v) {
            return TiergateEngineBench.median(v.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temporary folder is harmless
        }
    }
}
