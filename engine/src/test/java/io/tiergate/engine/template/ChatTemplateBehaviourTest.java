package io.tiergate.engine.template;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.engine.tokenizer.LlamaCppVocabs;
import io.tiergate.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Errors, safety and the hand-off to the tokenizer: rendered prompts tokenize byte-exactly. */
class ChatTemplateBehaviourTest {
    private static final List<ChatMessage> HELLO = List.of(ChatMessage.of(Role.USER, "Hello"));

    private static ChatTemplate family(String name, String bos, String eos) throws Exception {
        return ChatTemplate.of(ChatTemplateReferenceTest.resource("/template/" + name + ".jinja"), bos, eos);
    }

    @Test
    void aConversationTheTemplateRejectsIsTheRequestsFault() throws Exception {
        ChatTemplate gemma = family("gemma3", "<bos>", "<eos>");
        List<ChatMessage> twoUsers = List.of(ChatMessage.of(Role.USER, "one"), ChatMessage.of(Role.USER, "two"));
        assertThatThrownBy(() -> gemma.render(twoUsers, List.of(), true))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).hasValue("messages");
                    assertThat(e.getMessage()).contains("Conversation roles must alternate");
                });
    }

    @Test
    void aTemplateWeCannotRenderIsAModelErrorNamingTheLine() {
        ChatTemplate broken = ChatTemplate.of("{% for m in messages %}\n{{ m.content }\n", "", "");
        assertThatThrownBy(() -> broken.render(HELLO, List.of(), true))
                .isInstanceOfSatisfying(ChatTemplateException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("cannot render the model's chat template at line");
                });
    }

    @Test
    void noMessagesIsABadRequest() throws Exception {
        assertThatThrownBy(() -> family("qwen2.5", "", "<|im_end|>").render(List.of(), List.of(), true))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least one message");
    }

    @Test
    void jinjaSyntaxInsideAMessageIsNeverEvaluated() throws Exception {
        String sneaky = "{{ 7*7 }} {% for x in [1,2] %}x{% endfor %} {# c #}";
        String out = family("smollm2", "", "").render(List.of(ChatMessage.of(Role.USER, sneaky)), List.of(), false);
        assertThat(out).contains(sneaky).doesNotContain("49");
    }

    @Test
    void strftimeNowReadsTheGivenClockAndIsDefined() {
        ChatTemplate t = ChatTemplate.of("{% if strftime_now is defined %}{{ strftime_now('%d %b %Y, %A %H:%M') }}{% endif %}", "", "")
                .withClock(Clock.fixed(Instant.parse("2026-03-07T09:05:00Z"), ZoneOffset.UTC));
        assertThat(t.render(HELLO, List.of(), false)).isEqualTo("07 Mar 2026, Saturday 09:05");
    }

    @Test
    void theChatMlFallbackRendersTurnsAndTheGenerationPrompt() {
        String out = ChatTemplate.chatMl().render(List.of(ChatMessage.of(Role.SYSTEM, "S"), ChatMessage.of(Role.USER, "U")), List.of(), true);
        assertThat(out).isEqualTo("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void theDeveloperRoleIsRenderedAsSystem() throws Exception {
        ChatTemplate qwen = family("qwen2.5", "", "<|im_end|>");
        String asDeveloper = qwen.render(List.of(ChatMessage.of(Role.DEVELOPER, "Be brief."), ChatMessage.of(Role.USER, "Hi")), List.of(), true);
        String asSystem = qwen.render(List.of(ChatMessage.of(Role.SYSTEM, "Be brief."), ChatMessage.of(Role.USER, "Hi")), List.of(), true);
        assertThat(asDeveloper).isEqualTo(asSystem).startsWith("<|im_start|>system\nBe brief.<|im_end|>");
    }

    @Test
    void qwenPromptFromTheFilesOwnTemplateTokenizesImStartAsOneToken() {
        try (GgufFile file = GgufFile.open(LlamaCppVocabs.models().resolve("ggml-vocab-qwen2.gguf"))) {
            Tokenizer tok = Tokenizer.fromGguf(file.metadata());
            ChatTemplate template = ChatTemplate.fromGguf(file.metadata(), tok).orElseThrow();
            String prompt = template.render(HELLO, List.of(), true);
            assertThat(prompt).endsWith("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n");
            int[] ids = tok.encodeChatPrompt(prompt);
            int imStart = tok.tokenId("<|im_start|>").orElseThrow();
            int imEnd = tok.tokenId("<|im_end|>").orElseThrow();
            assertThat(ids[0]).isEqualTo(imStart);
            assertThat(ids).containsSubsequence(imStart, tok.encode("user", false, false)[0]);
            assertThat(java.util.Arrays.stream(ids).filter(i -> i == imEnd).count()).isEqualTo(2);
            assertThat(tok.decode(ids)).isEqualTo(prompt);
        }
    }

    @Test
    void llama3PromptStartsWithExactlyOneBeginOfText() throws Exception {
        Tokenizer tok = LlamaCppVocabs.tokenizer("llama-bpe");
        ChatTemplate template = family("llama3.2", tok.bosText(), "<|eot_id|>")
                .withClock(Clock.fixed(Instant.parse("2026-01-15T10:30:00Z"), ZoneOffset.UTC));
        String prompt = template.render(HELLO, List.of(), true, Map.of());
        int[] ids = tok.encodeChatPrompt(prompt);
        int bos = tok.bos().orElseThrow();
        assertThat(ids[0]).isEqualTo(bos);
        assertThat(java.util.Arrays.stream(ids).filter(i -> i == bos).count()).isEqualTo(1);
        assertThat(ids[1]).isEqualTo(tok.tokenId("<|start_header_id|>").orElseThrow());
        assertThat(ids[ids.length - 1]).isEqualTo(tok.encode("\n\n", false, false)[0]);
        assertThat(tok.decode(ids)).isEqualTo(prompt);
    }
}
