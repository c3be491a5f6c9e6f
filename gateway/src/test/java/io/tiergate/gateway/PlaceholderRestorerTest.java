package io.tiergate.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceholderRestorerTest {

    static final Map<String, String> VALUES = Map.of("[EMAIL_1]", "ada@example.com", "[PAYMENT_CARD_1]", "4111 1111 1111 1111",
            "[SECRET_1]", "pa\"ss\\word");

    @Test
    void replacesEveryPlaceholderItHandedOutAndLeavesOtherBracketsAlone() {
        assertThat(PlaceholderRestorer.restore("Mail [EMAIL_1] about [PAYMENT_CARD_1]; see [1], [EMAIL_2], [[EMAIL_1]] and a[i].", VALUES, false))
                .isEqualTo("Mail ada@example.com about 4111 1111 1111 1111; see [1], [EMAIL_2], [ada@example.com] and a[i].");
    }

    @Test
    void aPlaceholderSplitAcrossPiecesIsHeldUntilItIsWhole() {
        PlaceholderRestorer r = new PlaceholderRestorer(VALUES, false);
        List<String> out = new ArrayList<>();
        for (String piece : List.of("Write to [EMA", "IL_", "1] now [PAY", "MENT_CARD_1", "]", " [", "x] [EMAIL")) out.add(r.push(piece));
        out.add(r.finish());
        assertThat(out).containsExactly("Write to ", "", "ada@example.com now ", "", "4111 1111 1111 1111", " ", "[x] ", "[EMAIL");
        assertThat(String.join("", out)).isEqualTo("Write to ada@example.com now 4111 1111 1111 1111 [x] [EMAIL");
    }

    @Test
    void textWithoutABracketPassesStraightThrough() {
        PlaceholderRestorer r = new PlaceholderRestorer(VALUES, false);
        assertThat(r.push("plain text")).isEqualTo("plain text");
        assertThat(r.push("[EMAIL_1 is not closed, and this is longer than any placeholder")).startsWith("[EMAIL_1 is not");
        assertThat(r.finish()).isEmpty();
    }

    @Test
    void valuesGoingIntoJsonStringsAreEscaped() {
        assertThat(PlaceholderRestorer.restore("{\"password\":\"[SECRET_1]\",\"to\":\"[EMAIL_1]\"}", VALUES, true))
                .isEqualTo("{\"password\":\"pa\\\"ss\\\\word\",\"to\":\"ada@example.com\"}");
    }

    @Test
    void aWholeAnswerGetsTheValuesBackInEveryChoiceAndLeavesOtherPartsAlone() throws Exception {
        ChatMessage first = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text("Sent to [EMAIL_1]."),
                new ContentPart.ImageUrl("https://x/[EMAIL_1].png", "auto")), true, Optional.empty(),
                List.of(new ToolCall("call_1", "login", "{\"password\":\"[SECRET_1]\"}")), Optional.empty());
        ChatResponse answer = new ChatResponse("c1", "m", 0, List.of(new ChatChoice(0, first, "tool_calls", Optional.empty()),
                new ChatChoice(1, ChatMessage.of(Role.ASSISTANT, "Card [PAYMENT_CARD_1]"), "stop", Optional.empty())),
                new Usage(3, 4, 0, 0), Optional.empty());

        ChatResponse restored = PlaceholderRestorer.restore(answer, VALUES);
        ChatMessage m = restored.choices().getFirst().message();
        assertThat(m.content().getFirst()).isEqualTo(new ContentPart.Text("Sent to ada@example.com."));
        assertThat(m.content().get(1)).isEqualTo(first.content().get(1)); // an image URL is not text the model wrote to us
        assertThat(new ObjectMapper().readTree(m.toolCalls().getFirst().argumentsJson()).path("password").asText()).isEqualTo("pa\"ss\\word");
        assertThat(restored.choices().get(1).message().text()).isEqualTo("Card 4111 1111 1111 1111");
        assertThat(restored.usage()).isEqualTo(answer.usage());
        assertThat(restored.choices().getFirst().finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aStreamGetsTheValuesBackAndAHeldTailLeavesWithTheFinishReason() {
        List<ChatChunk> sent = new ArrayList<>();
        RestoringStream stream = new RestoringStream((route, chunk) -> sent.add(chunk), VALUES);
        stream.onChunk(null, chunk(ChatChunk.Delta.text(0, "Hi [EM")));
        stream.onChunk(null, chunk(ChatChunk.Delta.text(0, "AIL_1], and [PAY")));
        stream.onChunk(null, chunk(new ChatChunk.Delta(0, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new ChatChunk.ToolCallDelta(0, Optional.of("call_1"), Optional.of("send"), "{\"to\":\"[EMA")),
                Optional.empty(), Optional.empty())));
        stream.onChunk(null, chunk(new ChatChunk.Delta(0, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new ChatChunk.ToolCallDelta(0, Optional.empty(), Optional.empty(), "IL_1]\"}")), Optional.empty(), Optional.empty())));
        stream.onChunk(null, chunk(new ChatChunk.Delta(0, Optional.empty(), Optional.empty(), Optional.of("so I write to [EMAIL"),
                List.of(), Optional.empty(), Optional.empty())));
        stream.onChunk(null, chunk(new ChatChunk.Delta(0, Optional.empty(), Optional.empty(), Optional.of("_1]"), List.of(),
                Optional.of("stop"), Optional.empty())));

        StringBuilder text = new StringBuilder(), args = new StringBuilder(), thinking = new StringBuilder();
        for (ChatChunk c : sent) {
            c.choices().forEach(d -> {
                d.content().ifPresent(text::append);
                d.reasoningContent().ifPresent(thinking::append);
                d.toolCalls().forEach(t -> args.append(t.argumentsFragment()));
            });
        }
        assertThat(text).hasToString("Hi ada@example.com, and [PAY"); // the unfinished "[PAY" leaves with the finish reason
        assertThat(args).hasToString("{\"to\":\"ada@example.com\"}");
        assertThat(thinking).hasToString("so I write to ada@example.com");
        assertThat(sent.getLast().choices().getFirst().finishReason()).contains("stop");
        assertThat(sent.getLast().choices().getFirst().content()).contains("[PAY");
    }

    private static ChatChunk chunk(ChatChunk.Delta d) {
        return new ChatChunk("c1", "m", 0, List.of(d), Optional.empty());
    }
}
