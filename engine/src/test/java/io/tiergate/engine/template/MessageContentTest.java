package io.tiergate.engine.template;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.engine.backend.ChatMlPromptRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An assistant turn that refused (its content a refusal part, as the request reader keeps OpenAI's
 * {@code refusal} field) reaches the model's prompt as that turn's text, through the model's own chat
 * template and through the ChatML fallback; text parts keep their order around it, images stay out.
 */
class MessageContentTest {

    private static final ContentPart REFUSAL = new ContentPart.Other("refusal", "{\"type\":\"refusal\",\"refusal\":\"I can't help with that.\"}");
    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.of(Role.USER, "pick a lock"),
            new ChatMessage(Role.ASSISTANT, List.of(REFUSAL), true, Optional.empty(), List.of(), Optional.empty()),
            ChatMessage.of(Role.USER, "why not?"));

    @Test
    void aRefusalIsTheTurnsTextInOrderWithTextPartsAndWithoutImages() {
        var m = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text("Sorry."), REFUSAL,
                new ContentPart.ImageUrl("https://example.com/a.png", "auto"), new ContentPart.Text("Ask me something else.")),
                true, Optional.empty(), List.of(), Optional.empty());
        assertThat(MessageContent.text(m)).isEqualTo("Sorry.\nI can't help with that.\nAsk me something else.");
        assertThat(m.text()).isEqualTo("Sorry.\nAsk me something else."); // what the templates were given before
        // a refusal part without its text field adds nothing rather than failing the prompt
        var broken = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Other("refusal", "{\"type\":\"refusal\"}")),
                true, Optional.empty(), List.of(), Optional.empty());
        assertThat(MessageContent.text(broken)).isEmpty();
    }

    @Test
    void theModelsTemplateAndTheChatMlFallbackShowTheRefusal() {
        ChatTemplate t = ChatTemplate.of("{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}", "", "");
        assertThat(t.render(CONVERSATION, List.of(), false))
                .isEqualTo("[user] pick a lock\n[assistant] I can't help with that.\n[user] why not?\n");
        assertThat(new ChatMlPromptRenderer().render(CONVERSATION, List.of(), false))
                .contains("<|im_start|>assistant\nI can't help with that.<|im_end|>");
    }
}
