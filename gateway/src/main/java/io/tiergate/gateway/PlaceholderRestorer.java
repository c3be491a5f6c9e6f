package io.tiergate.gateway;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ContentPart;
import io.tiergate.api.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts the masked values back into text a model wrote from a masked request: each placeholder
 * ({@code [EMAIL_1]}) the policy handed out becomes the value it replaced; brackets that are not one
 * of those placeholders stay as written. Streamed text arrives in pieces that may split a placeholder
 * ("… [EMA" + "IL_1] …"), so {@link #push} holds back a tail that could still become one, and
 * {@link #finish} gives it out as it is when the text ends. One instance per stream of text.
 */
final class PlaceholderRestorer {

    private final Map<String, String> values;
    private final boolean insideJsonString;
    private final int longest;
    private final StringBuilder held = new StringBuilder();

    /**
     * @param values           placeholder → value
     * @param insideJsonString values go into JSON string literals (tool-call arguments): escaped so the
     *                         JSON stays valid
     */
    PlaceholderRestorer(Map<String, String> values, boolean insideJsonString) {
        this.values = values;
        this.insideJsonString = insideJsonString;
        this.longest = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    /** Restores a whole text. */
    static String restore(String text, Map<String, String> values, boolean insideJsonString) {
        PlaceholderRestorer r = new PlaceholderRestorer(values, insideJsonString);
        return r.push(text) + r.finish();
    }

    /** A whole (non-streamed) answer with the masked values put back into every choice. */
    static ChatResponse restore(ChatResponse response, Map<String, String> values) {
        List<ChatChoice> choices = new ArrayList<>(response.choices().size());
        for (ChatChoice c : response.choices()) {
            ChatMessage m = c.message();
            List<ContentPart> parts = m.content().stream()
                    .map(p -> p instanceof ContentPart.Text t ? new ContentPart.Text(restore(t.text(), values, false)) : p)
                    .toList();
            List<ToolCall> calls = m.toolCalls().stream()
                    .map(t -> new ToolCall(t.id(), t.name(), restore(t.argumentsJson(), values, true)))
                    .toList();
            ChatMessage restored = new ChatMessage(m.role(), parts, m.contentAsParts(), m.name(), calls, m.toolCallId());
            choices.add(new ChatChoice(c.index(), restored, c.finishReason(), c.logprobs()));
        }
        return new ChatResponse(response.id(), response.model(), response.createdEpochSeconds(), choices, response.usage(),
                response.systemFingerprint());
    }

    /** The next piece of text: what can be given out now, placeholders replaced. */
    String push(String piece) {
        if (held.isEmpty() && piece.indexOf('[') < 0) return piece;
        held.append(piece);
        StringBuilder out = new StringBuilder(held.length());
        int at = 0;
        while (true) {
            int open = held.indexOf("[", at);
            if (open < 0) {
                out.append(held, at, held.length());
                at = held.length();
                break;
            }
            out.append(held, at, open);
            int close = held.indexOf("]", open);
            if (close >= 0 && close - open < longest) {
                String candidate = held.substring(open, close + 1);
                String value = values.get(candidate);
                if (value != null) {
                    out.append(insideJsonString ? jsonEscaped(value) : value);
                    at = close + 1;
                    continue;
                }
            } else if (close < 0 && couldBecomePlaceholder(open)) {
                at = open; // wait for the rest
                break;
            }
            out.append('[');
            at = open + 1;
        }
        held.delete(0, at);
        return out.toString();
    }

    /** The text has ended: what was held back, as it is. */
    String finish() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    /** The held text from {@code open} to its end is shorter than a placeholder and could start one. */
    private boolean couldBecomePlaceholder(int open) {
        if (held.length() - open >= longest) return false;
        for (int i = open + 1; i < held.length(); i++) {
            char c = held.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) return false;
        }
        return true;
    }

    private static String jsonEscaped(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
