package io.tiergate.router.features;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the router reads of a request, and that the usual one-message request is read without copying its text. */
class RequestTextTest {

    @Test
    void aSingleMessageIsReadAsItIsWithoutACopy() {
        String prompt = "Explain the difference between a mutex and a semaphore. ".repeat(1_000);
        RequestText text = RequestText.of(ChatRequest.ofUser("auto", prompt));
        assertThat(text.allText()).isSameAs(prompt);
        assertThat(text.lastUser()).isSameAs(prompt);
    }

    @Test
    void severalMessagesAreJoinedByLineBreaksSkippingEmptyOnes() {
        ChatMessage toolCallOnly = new ChatMessage(Role.ASSISTANT, List.of(), false, Optional.empty(), List.of(), Optional.empty());
        ChatMessage twoParts = new ChatMessage(Role.USER, List.of(new ContentPart.Text("second"),
                new ContentPart.ImageUrl("https://example.com/a.png", "auto"), new ContentPart.Text("question")), true,
                Optional.empty(), List.of(), Optional.empty());
        ChatRequest request = ChatRequest.ofUser("auto", "x").withMessages(List.of(
                ChatMessage.of(Role.SYSTEM, "Be brief."), ChatMessage.of(Role.USER, "first"), toolCallOnly, twoParts));
        RequestText text = RequestText.of(request);
        assertThat(text.allText()).isEqualTo("Be brief.\nfirst\nsecond\nquestion");
        assertThat(text.lastUser()).isEqualTo("second\nquestion");
        assertThat(text.nonTextParts()).isEqualTo(1);
        assertThat(text.assistantTurns()).isEqualTo(1);
        // no user text at all: the whole conversation stands in for the question
        RequestText systemOnly = RequestText.of(ChatRequest.ofUser("auto", "x").withMessages(List.of(
                ChatMessage.of(Role.SYSTEM, "Be brief."), ChatMessage.of(Role.ASSISTANT, "Hello."))));
        assertThat(systemOnly.lastUser()).isEqualTo("Be brief.\nHello.");
    }
}
