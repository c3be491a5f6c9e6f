package io.tiergate.engine.tokenizer;

import io.tiergate.engine.gguf.GgufFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * llama.cpp's vocab-only GGUF files and their test corpora, fetched once per build by
 * {@code src/test/setup/fetch-vocabs.sh} (npm package node-llama-cpp) into target/llama-vocabs.
 */
public final class LlamaCppVocabs {
    static final Path ROOT = Path.of("target/llama-vocabs");
    private static final Map<String, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private LlamaCppVocabs() {}

    /** One test of llama.cpp's .inp/.out files: the text and the ids llama.cpp produced (no BOS, parse_special false). */
    record Case(String text, int[] ids) {}

    public static synchronized Path models() {
        if (!Files.isRegularFile(ROOT.resolve("models/ggml-vocab-qwen2.gguf"))) fetch();
        return ROOT.resolve("models");
    }

    public static Path templates() {
        models();
        return ROOT.resolve("templates");
    }

    public static Tokenizer tokenizer(String vocab) {
        return LOADED.computeIfAbsent(vocab, v -> {
            try (GgufFile f = GgufFile.open(models().resolve("ggml-vocab-" + v + ".gguf"))) {
                return Tokenizer.fromGguf(f.metadata());
            }
        });
    }

    static List<Case> corpus(String vocab) throws IOException {
        String raw = Files.readString(models().resolve("ggml-vocab-" + vocab + ".gguf.inp"), StandardCharsets.UTF_8);
        List<String> outs = Files.readAllLines(models().resolve("ggml-vocab-" + vocab + ".gguf.out"), StandardCharsets.UTF_8);
        String sep = "\n__ggml_vocab_test__\n";
        List<String> inputs = new ArrayList<>();
        int pos = 0;
        while (pos < raw.length()) {
            int next = raw.indexOf(sep, pos);
            if (next < 0) {
                inputs.add(raw.substring(pos));
                break;
            }
            inputs.add(raw.substring(pos, next));
            pos = next + sep.length();
        }
        if (inputs.size() != outs.size()) throw new IllegalStateException(vocab + ": " + inputs.size() + " inputs, " + outs.size() + " outputs");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String o = outs.get(i).strip();
            int[] ids = o.isEmpty() ? new int[0] : Arrays.stream(o.split("\\s+")).mapToInt(Integer::parseInt).toArray();
            cases.add(new Case(inputs.get(i), ids));
        }
        return cases;
    }

    private static void fetch() {
        Path script = Path.of("src/test/setup/fetch-vocabs.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("fetch-vocabs.sh failed (exit " + p.exitValue() + "): llama.cpp's vocabularies "
                        + "come from the npm package node-llama-cpp; npm, tar and git must be available and registry.npmjs.org reachable");
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run " + script + " to fetch llama.cpp vocabularies from npm: " + e.getMessage(), e);
        }
    }
}
