package io.tiergate.router.features;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a request the router reads: the last user message (what is being asked now), all
 * text (for length and cues), and the request's shape. Non-text content parts are counted, never read.
 */
public record RequestText(String lastUser, String allText, int messages, int userTurns, int assistantTurns,
                          boolean systemPrompt, int tools, boolean responseSchema, int nonTextParts) {

    /** A bare prompt, as in routing-evaluation files: one user message. */
    public static RequestText ofPrompt(String prompt) {
        return new RequestText(prompt, prompt, 1, 1, 0, false, 0, false, 0);
    }

    public static RequestText of(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        List<String> texts = new ArrayList<>(messages.size());
        String lastUser = "";
        int users = 0;
        int assistants = 0;
        int nonText = 0;
        boolean system = false;
        for (ChatMessage m : messages) {
            String text = m.text();
            if (!text.isEmpty()) texts.add(text);
            for (ContentPart part : m.content()) {
                if (!(part instanceof ContentPart.Text)) nonText++;
            }
            switch (m.role()) {
                case USER -> {
                    users++;
                    lastUser = text;
                }
                case ASSISTANT -> assistants++;
                case SYSTEM, DEVELOPER -> system = true;
                case TOOL -> { }
            }
        }
        // One message with text (the usual request) is used as it is; several are joined with one copy (a
        // StringBuilder copied each text in and then all of it out again).
        String all = texts.size() == 1 ? texts.getFirst() : String.join("\n", texts);
        if (lastUser.isBlank()) lastUser = all;
        boolean schema = request.responseFormatJson().map(RequestText::isStructured).orElse(false);
        return new RequestText(lastUser, all, messages.size(), users, assistants, system, request.tools().size(),
                schema, nonText);
    }

    private static boolean isStructured(String responseFormatJson) {
        return responseFormatJson.contains("json_schema") || responseFormatJson.contains("json_object");
    }
}
