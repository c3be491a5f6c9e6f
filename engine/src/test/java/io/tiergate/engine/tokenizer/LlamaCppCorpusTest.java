package io.tiergate.engine.tokenizer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our token ids equal llama.cpp's on llama.cpp's own tokenizer test corpus (models/ggml-vocab-*.gguf.inp
 * with the ids in .out, produced by llama.cpp's test-tokenizer-0 without BOS and without parsing specials).
 */
class LlamaCppCorpusTest {

    @ParameterizedTest
    @ValueSource(strings = {"llama-bpe", "qwen2", "qwen35", "gpt-2", "llama-spm", "phi-3", "deepseek-coder", "deepseek-llm",
            "falcon", "starcoder", "refact", "command-r", "mpt", "gemma-4"})
    void matchesLlamaCppOnItsTestCorpus(String vocab) throws Exception {
        Tokenizer tok = LlamaCppVocabs.tokenizer(vocab);
        List<LlamaCppVocabs.Case> cases = LlamaCppVocabs.corpus(vocab);
        List<String> mismatches = new ArrayList<>();
        for (LlamaCppVocabs.Case c : cases) {
            int[] ours = tok.encode(c.text(), false, false);
            if (!Arrays.equals(ours, c.ids())) {
                mismatches.add("'" + c.text() + "': expected " + Arrays.toString(c.ids()) + " got " + Arrays.toString(ours));
            }
        }
        System.out.println(vocab + ": " + (cases.size() - mismatches.size()) + "/" + cases.size() + " strings identical to llama.cpp");
        assertThat(mismatches).as(vocab).isEmpty();
        assertThat(cases).hasSizeGreaterThan(20);
    }
}
