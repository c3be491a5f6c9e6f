package io.tiergate.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ContentPart;

import java.util.ArrayList;
import java.util.List;

/**
 * A message's content as the one string a prompt template reads: its text parts and the text of its
 * refusal parts (OpenAI's {@code {"type":"refusal","refusal":"..."}}, kept as a {@link ContentPart.Other})
 * in order, joined by newlines. A model continuing a conversation in which an assistant turn refused must
 * see that it refused, not an empty turn. Other parts (images, audio) are not text and are left out.
 */
public final class MessageContent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageContent() {}

    public static String text(ChatMessage m) {
        List<ContentPart> parts = m.content();
        if (parts.size() == 1 && parts.getFirst() instanceof ContentPart.Text only) return only.text(); // the common case
        List<String> texts = new ArrayList<>(parts.size());
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.Text t) texts.add(t.text());
            else if (p instanceof ContentPart.Other o && o.type().equals("refusal")) refusal(o).ifPresent(texts::add);
        }
        return String.join("\n", texts);
    }

    private static java.util.Optional<String> refusal(ContentPart.Other part) {
        try {
            JsonNode said = JSON.readTree(part.json()).path("refusal");
            return said.isTextual() ? java.util.Optional.of(said.textValue()) : java.util.Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return java.util.Optional.empty(); // the edge validates refusal parts; an unreadable one has no text to show
        }
    }
}
