package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.ToolCall;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tiergate.backends.openai.JsonParserValues.asInt;
import static io.tiergate.backends.openai.JsonParserValues.asLong;
import static io.tiergate.backends.openai.JsonParserValues.asText;
import static io.tiergate.backends.openai.JsonParserValues.elements;
import static io.tiergate.backends.openai.JsonParserValues.text;
import static io.tiergate.backends.openai.JsonParserValues.textIs;
import static io.tiergate.backends.openai.OpenAiSharedFields.finishReason;
import static io.tiergate.backends.openai.OpenAiSharedFields.readLogprobs;
import static io.tiergate.backends.openai.OpenAiSharedFields.readUsage;

/**
 * Reads a whole {@code chat.completion} (a non-streamed answer) with Jackson's streaming parser straight into a
 * {@link ChatResponse}, without building a tree. Lenient where servers differ (missing ids, null finish reasons
 * read as "stop", content as a string or as text parts) and strict where meaning would be lost: choices must
 * be an array. Means exactly what the tree reader before it did (OpenAiResponseReaderEquivalenceTest): JSON null
 * counts as absent, a repeated key's last value wins, odd-typed values convert as in the tree
 * ({@link JsonParserValues}).
 */
final class OpenAiResponseReader {
    private static final String NO_CHOICES = "chat completion without a 'choices' array";

    private OpenAiResponseReader() {}

    static ChatResponse read(byte[] json) {
        return JsonParserValues.readObject(json, NO_CHOICES, OpenAiResponseReader::readRoot);
    }

    private static ChatResponse readRoot(JsonParser p) throws IOException {
        String id = "";
        String model = "";
        long created = 0;
        Optional<List<ChatChoice>> choices = Optional.empty();
        Optional<Usage> usage = Optional.empty();
        Optional<String> fingerprint = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = asText(p);
                case "model" -> model = asText(p);
                case "created" -> created = asLong(p);
                case "choices" -> choices = readChoices(p);
                case "usage" -> usage = readUsage(p);
                case "system_fingerprint" -> fingerprint = text(p);
                default -> p.skipChildren();
            }
        }
        if (choices.isEmpty()) throw new UpstreamProtocolException(NO_CHOICES);
        return new ChatResponse(id, model, created, choices.get(), usage.orElse(Usage.ZERO), fingerprint);
    }

    /** The choices; empty when the value is not an array (the whole answer is then refused). */
    private static Optional<List<ChatChoice>> readChoices(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return Optional.empty();
        }
        List<ChatChoice> out = new ArrayList<>(1);
        while (p.nextToken() != JsonToken.END_ARRAY) out.add(readChoice(p));
        return Optional.of(out);
    }

    private static ChatChoice readChoice(JsonParser p) throws IOException {
        int index = 0;
        ChatMessage message = message("", List.of());
        Optional<String> finish = Optional.empty();
        Optional<List<TokenLogprob>> logprobs = Optional.empty();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
        } else {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "index" -> index = asInt(p);
                    case "message" -> message = readMessage(p);
                    case "finish_reason" -> finish = finishReason(p);
                    case "logprobs" -> logprobs = readLogprobs(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new ChatChoice(index, message, finish.orElse("stop"), logprobs);
    }

    private static ChatMessage readMessage(JsonParser p) throws IOException {
        String text = "";
        List<ToolCall> calls = List.of();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return message(text, calls);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "content" -> text = readContent(p);
                case "tool_calls" -> calls = readToolCalls(p);
                default -> p.skipChildren();
            }
        }
        return message(text, calls);
    }

    /** The assistant's message; no text part when it only calls tools. */
    private static ChatMessage message(String text, List<ToolCall> calls) {
        List<ContentPart> content = text.isEmpty() && !calls.isEmpty() ? List.of() : List.of(new ContentPart.Text(text));
        return new ChatMessage(Role.ASSISTANT, content, false, Optional.empty(), calls, Optional.empty());
    }

    /** A string, or the text parts of an array joined; "" for anything else. */
    private static String readContent(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) return p.getText();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return "";
        }
        StringBuilder sb = new StringBuilder();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            boolean isText = false;
            String partText = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "type" -> {
                        isText = p.currentToken() == JsonToken.VALUE_STRING && textIs(p, "text");
                        p.skipChildren();
                    }
                    case "text" -> partText = asText(p);
                    default -> p.skipChildren();
                }
            }
            if (isText) sb.append(partText);
        }
        return sb.toString();
    }

    private static List<ToolCall> readToolCalls(JsonParser p) throws IOException {
        JsonParser a = elements(p);
        if (a == null) return List.of();
        List<ToolCall> out = new ArrayList<>(1);
        while (a.nextToken() != JsonToken.END_ARRAY) out.add(readToolCall(a));
        return out;
    }

    private static ToolCall readToolCall(JsonParser p) throws IOException {
        String id = "";
        String name = "";
        String arguments = "{}";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new ToolCall(id, name, arguments);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("id")) {
                id = asText(p);
            } else if (!field.equals("function")) {
                p.skipChildren();
            } else {
                name = "";
                arguments = "{}";
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    switch (f) {
                        case "name" -> name = asText(p);
                        case "arguments" -> arguments = asText(p, "{}");
                        default -> p.skipChildren();
                    }
                }
            }
        }
        return new ToolCall(id, name, arguments);
    }
}
