package io.tiergate.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our ids equal a current llama.cpp's (node-llama-cpp's prebuilt binary, see
 * src/test/setup/reference-ids.mjs) on tokenizer/tricky-strings.json: unicode, code, numbers,
 * spaces, emoji, CJK and chat-template special tokens, with and without parsing special tokens.
 */
class LlamaCppOracleTest {
    private static JsonNode reference;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = LlamaCppOracleTest.class.getResourceAsStream("/tokenizer/llama-cpp-reference-ids.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-bpe", "qwen2", "qwen35", "gpt-2", "llama-spm", "phi-3", "starcoder", "deepseek-coder",
            "gemma-4", "command-r"})
    void matchesLlamaCppOnTrickyStrings(String vocab) {
        Tokenizer tok = LlamaCppVocabs.tokenizer(vocab);
        JsonNode cases = reference.path("vocabs").path(vocab);
        assertThat(cases.size()).as("reference cases for " + vocab).isGreaterThan(50);
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            compare(mismatches, "plain", text, ids(c.get("plain")), tok.encode(text, false, false));
            compare(mismatches, "special", text, ids(c.get("special")), tok.encode(text, false, true));
        }
        System.out.println(vocab + ": " + (2 * cases.size() - mismatches.size()) + "/" + 2 * cases.size()
                + " encodings identical to llama.cpp " + reference.path("llamaCpp").path("release").asText());
        assertThat(mismatches).as(vocab).isEmpty();
    }

    private static void compare(List<String> mismatches, String mode, String text, int[] expected, int[] actual) {
        if (!Arrays.equals(expected, actual)) {
            mismatches.add(mode + " '" + text + "': expected " + Arrays.toString(expected) + " got " + Arrays.toString(actual));
        }
    }

    private static int[] ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }
}
