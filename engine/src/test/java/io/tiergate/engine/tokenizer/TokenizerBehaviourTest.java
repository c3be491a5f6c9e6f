package io.tiergate.engine.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BOS/EOS handling, decoding, streaming pieces and end-of-generation ids on llama.cpp's real vocabularies. */
class TokenizerBehaviourTest {
    private static final List<String> TEXTS = List.of("Hello world", " leading space", "def f(x):\n    return x\n",
            "日本語のテキスト", "emoji 🦙👨‍👩‍👧 done", "numbers 1234567 and 3.14", "tabs\tand  double  spaces", "Ärger über Öl");

    @ParameterizedTest
    @ValueSource(strings = {"llama-bpe", "qwen2", "gpt-2", "llama-spm", "gemma-4", "phi-3"})
    void decodeGivesBackTheEncodedText(String vocab) {
        Tokenizer tok = LlamaCppVocabs.tokenizer(vocab);
        for (String text : TEXTS) {
            assertThat(tok.decode(tok.encode(text, false, false))).as(vocab + ": " + text).isEqualTo(text);
        }
    }

    @Test
    void llama3AddsBeginOfTextOnlyWhenAskedAndNeverTwiceForChatPrompts() {
        Tokenizer tok = LlamaCppVocabs.tokenizer("llama-bpe");
        int bos = tok.bos().orElseThrow();
        assertThat(tok.bosText()).isEqualTo("<|begin_of_text|>");
        assertThat(tok.encode("Hi", true, false)).startsWith(bos).hasSize(2);
        assertThat(tok.encode("Hi", false, false)).hasSize(1);
        int[] prompt = tok.encodeChatPrompt("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>");
        assertThat(prompt[0]).isEqualTo(bos);
        assertThat(prompt[1]).isNotEqualTo(bos).isEqualTo(tok.tokenId("<|start_header_id|>").orElseThrow());
        assertThat(tok.encodeChatPrompt("no bos here")[0]).isEqualTo(bos);
    }

    @Test
    void qwenAddsNoBosAndParsesImStartOnlyWhenAsked() {
        Tokenizer tok = LlamaCppVocabs.tokenizer("qwen2");
        int imStart = tok.tokenId("<|im_start|>").orElseThrow();
        assertThat(tok.encode("<|im_start|>user", true, true)).containsExactly(imStart, tok.encode("user", false, false)[0]);
        assertThat(tok.encode("<|im_start|>", false, false)).hasSizeGreaterThan(1).doesNotContain(imStart);
        assertThat(tok.isSpecial(imStart)).isTrue();
        assertThat(tok.decode(new int[] {imStart}, false)).isEmpty();
        assertThat(tok.decode(new int[] {imStart}, true)).isEqualTo("<|im_start|>");
    }

    @Test
    void sentencePieceAddsBosAndASpaceAfterSpecialTokens() {
        Tokenizer tok = LlamaCppVocabs.tokenizer("llama-spm");
        assertThat(tok.encode("Hello", true, false)[0]).isEqualTo(1);
        // llama.cpp: text after a special token gets the SentencePiece space prefix again
        assertThat(tok.encode("Hello <s> world", false, true)).containsExactly(15043, 29871, 1, 29871, 3186);
        // characters outside the vocabulary fall back to <0xXX> byte tokens
        int[] ids = tok.encode("\u0001", false, false);
        assertThat(tok.tokenText(ids[ids.length - 1])).isEqualTo("<0x01>");
    }

    @Test
    void endOfGenerationIdsAreThoseLlamaCppUses() {
        Tokenizer llama3 = LlamaCppVocabs.tokenizer("llama-bpe");
        assertThat(llama3.eogIds()).contains(llama3.tokenId("<|eot_id|>").orElseThrow(),
                llama3.tokenId("<|end_of_text|>").orElseThrow());
        assertThat(llama3.isEog(llama3.tokenId("<|begin_of_text|>").orElseThrow())).isFalse();
        Tokenizer qwen = LlamaCppVocabs.tokenizer("qwen2");
        assertThat(qwen.eogIds()).contains(qwen.tokenId("<|im_end|>").orElseThrow(), qwen.tokenId("<|endoftext|>").orElseThrow());
        assertThat(qwen.isEog(qwen.tokenId("<|im_end|>").orElseThrow())).isTrue();
        assertThat(qwen.isEog(qwen.tokenId("<|im_start|>").orElseThrow())).isFalse();
        Tokenizer spm = LlamaCppVocabs.tokenizer("llama-spm");
        assertThat(spm.eogIds()).contains(2);
    }

    @Test
    void streamedPiecesOfASplitEmojiDecodeOnlyWhenComplete() {
        Tokenizer tok = LlamaCppVocabs.tokenizer("llama-bpe");
        String text = "a🦙b你好👨‍👩‍👧";
        int[] ids = tok.encode(text, false, false);
        Utf8StreamDecoder stream = new Utf8StreamDecoder();
        StringBuilder seen = new StringBuilder();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        boolean heldBack = false;
        for (int id : ids) {
            byte[] piece = tok.piece(id);
            all.writeBytes(piece);
            String out = stream.accept(piece);
            assertThat(out).doesNotContain("\uFFFD");
            heldBack |= stream.hasPending();
            seen.append(out);
        }
        seen.append(stream.finish());
        assertThat(heldBack).as("some token ends inside a character").isTrue();
        assertThat(seen.toString()).isEqualTo(text);
        assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void anUnfinishedCharacterAtTheEndOfAStreamBecomesAReplacementCharacter() {
        Utf8StreamDecoder stream = new Utf8StreamDecoder();
        assertThat(stream.accept(new byte[] {'o', 'k', (byte) 0xF0, (byte) 0x9F})).isEqualTo("ok");
        assertThat(stream.finish()).isEqualTo("\uFFFD");
        assertThat(stream.accept(new byte[] {(byte) 0xFF, 'x'})).isEqualTo("\uFFFDx");
    }

    @Test
    void anIdOutsideTheVocabularyIsRejectedWithItsRange() {
        Tokenizer tok = LlamaCppVocabs.tokenizer("qwen2");
        assertThatThrownBy(() -> tok.piece(tok.vocabularySize())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the vocabulary of " + tok.vocabularySize());
        assertThatThrownBy(() -> tok.piece(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
