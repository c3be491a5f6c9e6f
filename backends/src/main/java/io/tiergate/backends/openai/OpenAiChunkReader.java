package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Reads one {@code chat.completion.chunk} with Jackson's streaming parser straight into a {@link ChatChunk},
 * without building a tree: this runs once per upstream stream event, so it is on the time-to-first-token path.
 * It keeps the meaning the tree reader had (proved by OpenAiChunkReaderEquivalenceTest): JSON null counts as
 * absent; a repeated key's last value wins; odd-typed values convert as in the tree ({@link JsonParserValues});
 * an object where an array is expected yields its values; a bad role fails only after the whole event parsed,
 * so malformed JSON and error events are reported first, as before.
 * One per stream, not thread-safe: the id and model repeat on every event, so their strings are reused.
 */
final class OpenAiChunkReader {
    private static final Role[] ROLES = Role.values();
    private static final String[] ROLE_NAMES = Arrays.stream(ROLES).map(Role::wireName).toArray(String[]::new);

    private String lastId = "";
    private String lastModel = "";

    // The delta object being read; reset at each "delta" key, so a repeated key's last value wins.
    private Role role;
    private String badRole;
    private Optional<String> content;
    private Optional<String> reasoningContent;
    private Optional<String> reasoning;
    private List<ChatChunk.ToolCallDelta> toolCalls;

    // The event's choices; reset at each "choices" key. firstBadRole: the first of them with an unknown role.
    private List<ChatChunk.Delta> choices;
    private String firstBadRole;

    /** The chunk, or empty when the event is an upstream error report (a top-level "error" key). */
    Optional<ChatChunk> read(byte[] json) {
        return JsonParserValues.readObject(json, "stream event is not a JSON object", this::readRoot);
    }

    private Optional<ChatChunk> readRoot(JsonParser p) throws IOException {
        String id = "";
        String model = "";
        long created = 0;
        Optional<Usage> usage = Optional.empty();
        choices = List.of();
        firstBadRole = null;
        boolean error = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = lastId = reuse(p, lastId);
                case "model" -> model = lastModel = reuse(p, lastModel);
                case "created" -> created = asLong(p);
                case "choices" -> readChoices(p);
                case "usage" -> usage = readUsage(p);
                case "error" -> {
                    error = true;
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (error) return Optional.empty();
        if (firstBadRole != null) {
            try {
                Role.fromWire(firstBadRole, "choices.delta.role");
            } catch (InvalidRequestException e) {
                throw new UpstreamProtocolException("bad stream event: " + e.getMessage());
            }
        }
        return Optional.of(new ChatChunk(id, model, created, choices, usage));
    }

    private void readChoices(JsonParser p) throws IOException {
        choices = List.of();
        firstBadRole = null;
        JsonParser a = elements(p);
        if (a == null) return;
        ChatChunk.Delta only = null;
        List<ChatChunk.Delta> many = null;
        while (a.nextToken() != JsonToken.END_ARRAY) {
            ChatChunk.Delta d = readChoice(a);
            if (only == null) {
                only = d;
            } else {
                if (many == null) {
                    many = new ArrayList<>();
                    many.add(only);
                }
                many.add(d);
            }
        }
        choices = many != null ? many : only != null ? List.of(only) : List.of();
    }

    private ChatChunk.Delta readChoice(JsonParser p) throws IOException {
        resetDelta();
        int index = 0;
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
                    case "delta" -> readDelta(p);
                    case "finish_reason" -> finish = finishReason(p);
                    case "logprobs" -> logprobs = readLogprobs(p);
                    default -> p.skipChildren();
                }
            }
        }
        if (badRole != null && firstBadRole == null) firstBadRole = badRole;
        return new ChatChunk.Delta(index, Optional.ofNullable(role), content, reasoningContent.or(() -> reasoning),
                toolCalls, finish, logprobs);
    }

    private void resetDelta() {
        role = null;
        badRole = null;
        content = Optional.empty();
        reasoningContent = Optional.empty();
        reasoning = Optional.empty();
        toolCalls = List.of();
    }

    private void readDelta(JsonParser p) throws IOException {
        resetDelta();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "role" -> readRole(p);
                case "content" -> content = text(p);
                case "reasoning_content" -> reasoningContent = text(p);
                case "reasoning" -> reasoning = text(p);
                case "tool_calls" -> toolCalls = readToolCalls(p);
                default -> p.skipChildren();
            }
        }
    }

    private void readRole(JsonParser p) throws IOException {
        role = null;
        badRole = null;
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return;
        }
        for (int i = 0; i < ROLES.length; i++) {
            if (textIs(p, ROLE_NAMES[i])) {
                role = ROLES[i];
                return;
            }
        }
        badRole = p.getText();
    }

    private static List<ChatChunk.ToolCallDelta> readToolCalls(JsonParser p) throws IOException {
        JsonParser a = elements(p);
        if (a == null) return List.of();
        List<ChatChunk.ToolCallDelta> out = new ArrayList<>(1);
        while (a.nextToken() != JsonToken.END_ARRAY) out.add(readToolCall(a));
        return out;
    }

    private static ChatChunk.ToolCallDelta readToolCall(JsonParser p) throws IOException {
        int index = 0;
        Optional<String> id = Optional.empty();
        Optional<String> name = Optional.empty();
        String arguments = "";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new ChatChunk.ToolCallDelta(index, id, name, arguments);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "index" -> index = asInt(p);
                case "id" -> id = text(p);
                case "function" -> {
                    name = Optional.empty();
                    arguments = "";
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "name" -> name = text(p);
                            case "arguments" -> arguments = asText(p);
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new ChatChunk.ToolCallDelta(index, id, name, arguments);
    }

    /** {@code asText("")} of the value, as {@code last} itself when the text is the same (no new String). */
    private static String reuse(JsonParser p, String last) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING && textIs(p, last)) return last;
        return asText(p);
    }
}
