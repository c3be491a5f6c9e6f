package io.tiergate.engine.tokenizer;

import io.tiergate.engine.gguf.GgufArray;
import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.gguf.GgufValueType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading tokenizer keys: llama.cpp's defaults, and clear errors for vocabularies we cannot use. */
class GgufVocabularyReaderTest {

    private static Map<String, GgufMetadata.Value> tinyBpe(String pre) {
        Map<String, GgufMetadata.Value> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", new GgufMetadata.Value(GgufValueType.STRING, "gpt2"));
        m.put("tokenizer.ggml.pre", new GgufMetadata.Value(GgufValueType.STRING, pre));
        m.put("tokenizer.ggml.tokens", new GgufMetadata.Value(GgufValueType.ARRAY,
                new GgufArray(GgufValueType.STRING, new String[] {"a", "b", "ab", "Ġ", "Ġab", "<|end|>"})));
        m.put("tokenizer.ggml.token_type", new GgufMetadata.Value(GgufValueType.ARRAY,
                new GgufArray(GgufValueType.INT32, new long[] {1, 1, 1, 1, 1, 3})));
        m.put("tokenizer.ggml.merges", new GgufMetadata.Value(GgufValueType.ARRAY,
                new GgufArray(GgufValueType.STRING, new String[] {"a b", "Ġ ab"})));
        m.put("tokenizer.ggml.eos_token_id", new GgufMetadata.Value(GgufValueType.UINT32, 5L));
        return m;
    }

    private static GgufMetadata meta(Map<String, GgufMetadata.Value> m) {
        return new GgufMetadata(Path.of("tiny.gguf"), m);
    }

    @Test
    void aHandMadeByteLevelVocabularyMergesByRank() {
        Tokenizer tok = Tokenizer.fromGguf(meta(tinyBpe("qwen2")));
        assertThat(tok.encode("ab ab", false, false)).containsExactly(2, 4);
        assertThat(tok.encode("ab<|end|>", false, true)).containsExactly(2, 5);
        assertThat(tok.eos()).hasValue(5);
        assertThat(tok.eogIds()).contains(5);
        assertThat(tok.addsBos()).isFalse();
    }

    @Test
    void anUnknownPreTokenizerIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> Tokenizer.fromGguf(meta(tinyBpe("no-such-pre"))))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("'no-such-pre'").hasMessageContaining("tokenizer.ggml.pre").hasMessageContaining("qwen2");
    }

    @Test
    void anUnknownTokenizerModelIsRejected() {
        Map<String, GgufMetadata.Value> m = tinyBpe("qwen2");
        m.put("tokenizer.ggml.model", new GgufMetadata.Value(GgufValueType.STRING, "t5"));
        assertThatThrownBy(() -> Tokenizer.fromGguf(meta(m))).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("'t5'");
    }

    @Test
    void missingMergesOrTokensAreClearErrors() {
        Map<String, GgufMetadata.Value> noMerges = tinyBpe("qwen2");
        noMerges.remove("tokenizer.ggml.merges");
        assertThatThrownBy(() -> Tokenizer.fromGguf(meta(noMerges))).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("tokenizer.ggml.merges");
        Map<String, GgufMetadata.Value> noTokens = tinyBpe("qwen2");
        noTokens.remove("tokenizer.ggml.tokens");
        assertThatThrownBy(() -> Tokenizer.fromGguf(meta(noTokens))).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tokenizer.ggml.tokens");
    }

    @Test
    void tooFewTokenTypesAreRejected() {
        Map<String, GgufMetadata.Value> m = tinyBpe("qwen2");
        m.put("tokenizer.ggml.token_type", new GgufMetadata.Value(GgufValueType.ARRAY,
                new GgufArray(GgufValueType.INT32, new long[] {1, 1})));
        assertThatThrownBy(() -> Tokenizer.fromGguf(meta(m))).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("2 values for 6 tokens");
    }

    @Test
    void anOutOfRangeSpecialIdFallsBackToTheDefaultAsLlamaCppDoes() {
        Map<String, GgufMetadata.Value> m = tinyBpe("qwen2");
        m.put("tokenizer.ggml.eos_token_id", new GgufMetadata.Value(GgufValueType.UINT32, 99L));
        assertThat(Tokenizer.fromGguf(meta(m)).eos()).isEmpty();
    }
}
