package io.tiergate.policy;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every piece of request text a residency policy judges: the text parts of all messages (system,
 * user, assistant, tool results), the assistant's refusal parts ({@link RefusalPart}) and the arguments
 * of the tool calls the assistant made. Tool
 * results and arguments that are JSON are handled string by string (see {@link JsonStringValues}).
 * Not judged: image and other non-text parts (binary or URLs; under cloud-if-clean they keep a request
 * local, see {@link ConfiguredResidencyPolicy#unscannedParts}), tool definitions, names and ids —
 * written by the application, not by its users.
 */
final class RequestTexts {
    private RequestTexts() {}

    /** {@code request} with {@code fn} applied to each judged text; the same instance when nothing changed. */
    static ChatRequest map(ChatRequest request, UnaryOperator<String> fn) {
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        boolean changed = false;
        for (ChatMessage m : request.messages()) {
            ChatMessage mapped = map(m, fn);
            changed |= mapped != m;
            messages.add(mapped);
        }
        return changed ? request.withMessages(messages) : request;
    }

    private static ChatMessage map(ChatMessage m, UnaryOperator<String> fn) {
        boolean json = m.role() == Role.TOOL;
        List<ContentPart> content = new ArrayList<>(m.content().size());
        boolean changed = false;
        for (ContentPart part : m.content()) {
            if (part instanceof ContentPart.Text(String text)) {
                String mapped = json ? mapMaybeJson(text, fn) : fn.apply(text);
                changed |= !mapped.equals(text);
                content.add(mapped.equals(text) ? part : new ContentPart.Text(mapped));
            } else if (part instanceof ContentPart.Other other) {
                ContentPart mapped = RefusalPart.map(other, fn);
                changed |= mapped != part;
                content.add(mapped);
            } else {
                content.add(part);
            }
        }
        List<ToolCall> calls = new ArrayList<>(m.toolCalls().size());
        for (ToolCall call : m.toolCalls()) {
            String args = mapMaybeJson(call.argumentsJson(), fn);
            changed |= !args.equals(call.argumentsJson());
            calls.add(args.equals(call.argumentsJson()) ? call : new ToolCall(call.id(), call.name(), args));
        }
        return changed ? new ChatMessage(m.role(), content, m.contentAsParts(), m.name(), calls, m.toolCallId()) : m;
    }

    private static String mapMaybeJson(String text, UnaryOperator<String> fn) {
        return JsonStringValues.map(text, fn).orElseGet(() -> fn.apply(text));
    }
}
