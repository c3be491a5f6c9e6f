package io.tiergate.cli.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.TiergateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tiergate bench engine}: prompt-processing and generation tokens/s of the in-process engine
 * and, side by side in the same run, of llama.cpp (de.kherud:llama, b4916) on the same file and
 * thread count, the two taking turns run by run; plus aggregate generation of several batched
 * sequences and resident memory.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Benchmark the in-process engine against llama.cpp on one GGUF file.")
public final class EngineBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "a .gguf file or a stored model name")
    String model;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--prompt-tokens", defaultValue = "256")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "64")
    int genTokens;

    @Option(names = "--concurrent", defaultValue = "4", description = "sequences batched together for the aggregate figure")
    int concurrent;

    @Option(names = "--repetitions", defaultValue = "3",
            description = "runs of each engine, taking turns; every figure is the median (one run moves by tens of percent on a busy machine)")
    int repetitions;

    @Option(names = "--no-llama-cpp", description = "skip the llama.cpp side")
    boolean noLlamaCpp;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("--threads", threads);
        counts.put("--prompt-tokens", promptTokens);
        counts.put("--gen-tokens", genTokens);
        counts.put("--concurrent", concurrent);
        counts.put("--repetitions", repetitions);
        for (var c : counts.entrySet()) {
            if (c.getValue() < 1) {
                err.println("error: " + c.getKey() + " must be positive, got " + c.getValue());
                return 2;
            }
        }
        Path file;
        StringBuilder problem = new StringBuilder();
        Optional<LlamaCppBench.Result> theirs = Optional.empty();
        TiergateEngineBench.Result ours;
        try {
            file = ModelPaths.resolve(model);
            Optional<LlamaCppBench> llamaCpp = noLlamaCpp ? Optional.empty()
                    : LlamaCppBench.start(file, threads, promptTokens, genTokens, problem);
            try (TiergateEngineBench tiergate = TiergateEngineBench.open(file, threads, promptTokens, genTokens, concurrent)) {
                // The engines take turns, run by run: on a shared machine slow phases last tens of
                // seconds, and timing one engine's runs as a block and then the other's put a whole
                // phase on one side of the ratio.
                for (int rep = 0; rep < repetitions; rep++) {
                    tiergate.runOnce();
                    if (llamaCpp.isPresent() && !llamaCpp.get().runOnce(problem)) {
                        llamaCpp.get().close();
                        llamaCpp = Optional.empty();
                    }
                }
                if (llamaCpp.isPresent()) theirs = llamaCpp.get().finish(repetitions, problem);
                ours = tiergate.result();
            } finally {
                llamaCpp.ifPresent(LlamaCppBench::close);
            }
        } catch (TiergateException e) {
            err.println("error: " + e.getMessage());
            return e.status() >= 500 ? 1 : 2;
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", file.toString());
            o.put("file_bytes", ours.fileBytes());
            o.put("threads", threads);
            o.put("prompt_tokens", ours.promptTokens());
            o.put("gen_tokens", ours.genTokens());
            o.put("repetitions", ours.repetitions());
            Map<String, Object> tiergate = new LinkedHashMap<>(Map.of("prompt_tok_s", round(ours.promptTokensPerSecond()),
                    "gen_tok_s", round(ours.genTokensPerSecond()), "concurrent", ours.concurrent(),
                    "concurrent_gen_tok_s", round(ours.concurrentGenTokensPerSecond())));
            tiergate.putAll(ours.resident().json());
            tiergate.put("java_heap_live_bytes", ours.liveHeapBytes());
            tiergate.put("kv_bytes", ours.kvBytes());
            tiergate.put("kv_sequences", ours.kvSequences());
            o.put("tiergate", tiergate);
            theirs.ifPresentOrElse(t -> {
                Map<String, Object> llama = new LinkedHashMap<>(Map.of("prompt_tokens", t.promptTokens(),
                        "prompt_tok_s", round(t.promptTokensPerSecond()), "gen_tokens", t.genTokens(), "gen_tok_s", round(t.genTokensPerSecond())));
                llama.putAll(t.resident().json());
                o.put("llama_cpp", llama);
            }, () -> o.put("llama_cpp_error", noLlamaCpp ? "skipped" : problem.toString()));
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf("model %s (%.1f MB), %d threads, %d prompt / %d generated tokens, median of %d runs each, the engines taking turns%n", file.getFileName(),
                    ours.fileBytes() / 1e6, threads, ours.promptTokens(), ours.genTokens(), ours.repetitions());
            out.printf("%-10s %14s %14s%n", "", "prompt tok/s", "gen tok/s");
            out.printf("%-10s %14.1f %14.1f%n", "tiergate", ours.promptTokensPerSecond(), ours.genTokensPerSecond());
            theirs.ifPresentOrElse(t -> out.printf("%-10s %14.1f %14.1f%n", "llama.cpp", t.promptTokensPerSecond(), t.genTokensPerSecond()),
                    () -> out.printf("%-10s %s%n", "llama.cpp", noLlamaCpp ? "skipped" : "failed: " + problem));
            theirs.ifPresent(t -> out.printf("%-10s %13.2fx %13.2fx%n", "ratio", ours.promptTokensPerSecond() / t.promptTokensPerSecond(),
                    ours.genTokensPerSecond() / t.genTokensPerSecond()));
            if (concurrent > 1) {
                out.printf("tiergate, %d sequences batched: %.1f gen tok/s aggregate (%.2fx one sequence)%n", concurrent,
                        ours.concurrentGenTokensPerSecond(), ours.concurrentGenTokensPerSecond() / ours.genTokensPerSecond());
            }
            var r = ours.resident();
            out.printf("tiergate resident memory %.1f MB (peak %.1f MB): file-backed %.1f MB (the mapped %.1f MB file, JVM libraries),"
                            + " anonymous %.1f MB (Java heap with %.1f MB live, among it the %.1f MB KV caches of %d sequences; JVM code, stacks)%n",
                    r.totalBytes() / 1e6, r.peakBytes() / 1e6, r.fileBackedBytes() / 1e6, ours.fileBytes() / 1e6, r.anonymousBytes() / 1e6,
                    ours.liveHeapBytes() / 1e6, ours.kvBytes() / 1e6, ours.kvSequences());
            theirs.ifPresent(t -> out.printf("llama.cpp resident memory %.1f MB (peak %.1f MB): file-backed %.1f MB, anonymous %.1f MB"
                            + " (one sequence; its forked JVM included)%n", t.resident().totalBytes() / 1e6, t.resident().peakBytes() / 1e6,
                    t.resident().fileBackedBytes() / 1e6, t.resident().anonymousBytes() / 1e6));
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
