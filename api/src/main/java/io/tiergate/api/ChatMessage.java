package io.tiergate.api;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One message of a conversation. {@code contentAsParts} remembers whether the client sent content
 * as an array of parts (true) or as a plain string (false), so it is forwarded the same way.
 */
public record ChatMessage(
        Role role,
        List<ContentPart> content,
        boolean contentAsParts,
        Optional<String> name,
        List<ToolCall> toolCalls,
        Optional<String> toolCallId) {

    public ChatMessage {
        content = List.copyOf(content);
        toolCalls = List.copyOf(toolCalls);
    }

    public static ChatMessage of(Role role, String text) {
        return new ChatMessage(role, List.of(new ContentPart.Text(text)), false, Optional.empty(), List.of(), Optional.empty());
    }

    /** The text parts joined by newlines; non-text parts are left out. */
    public String text() {
        // The common case, one text part, without a stream: text() runs several times per request.
        if (content.size() == 1 && content.getFirst() instanceof ContentPart.Text only) return only.text();
        return content.stream()
                .filter(p -> p instanceof ContentPart.Text)
                .map(p -> ((ContentPart.Text) p).text())
                .collect(Collectors.joining("\n"));
    }
}
