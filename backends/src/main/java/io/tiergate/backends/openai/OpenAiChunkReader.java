package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads one {@code chat.completion.chunk} with Jackson's streaming parser straight into a {@link ChatChunk},
 * without building a tree: this runs once per upstream stream event, so it is on the time-to-first-token path.
 * It keeps the meaning the tree reader had (proved by OpenAiChunkReaderEquivalenceTest): JSON null counts as
 * absent; a repeated key's last value wins; a value of an unexpected type (an index sent as a string, say) is
 * read as a small tree and converted exactly as {@code JsonNode.asInt/asLong/asDouble/asText} would; an object
 * where an array is expected yields its values; a bad role fails only after the whole event parsed, so
 * malformed JSON and error events are reported first, as before.
 * One per stream, not thread-safe: the id and model repeat on every event, so their strings are reused.
 */
final class OpenAiChunkReader {
    private static final JsonFactory FACTORY = OpenAiJson.MAPPER.getFactory();
    private static final String[] FINISH_REASONS = {"stop", "length", "tool_calls", "content_filter", "function_call"};
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
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new UpstreamProtocolException("upstream sent an empty body");
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                throw new UpstreamProtocolException("stream event is not a JSON object");
            }
            return readRoot(p);
        } catch (JsonProcessingException e) {
            throw new UpstreamProtocolException("upstream sent malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static Optional<Usage> readUsage(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Optional.empty();
        }
        long prompt = 0;
        long completion = 0;
        long cached = 0;
        long reasoningTokens = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = asLong(p);
                case "completion_tokens" -> completion = asLong(p);
                case "prompt_tokens_details" -> cached = detail(p, "cached_tokens");
                case "completion_tokens_details" -> reasoningTokens = detail(p, "reasoning_tokens");
                default -> p.skipChildren();
            }
        }
        return Optional.of(new Usage(prompt, completion, cached, reasoningTokens));
    }

    /** {@code details.<field>} as a count; 0 when details is not an object or lacks the field. */
    private static long detail(JsonParser p, String field) throws IOException {
        long value = 0;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return value;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = field.equals(p.currentName());
            p.nextToken();
            if (wanted) value = asLong(p);
            else p.skipChildren();
        }
        return value;
    }

    /** OpenAI's {@code {"content": [token, ...]}}; empty unless "content" is an array. */
    private static Optional<List<TokenLogprob>> readLogprobs(JsonParser p) throws IOException {
        Optional<List<TokenLogprob>> out = Optional.empty();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return out;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean isContent = "content".equals(p.currentName());
            p.nextToken();
            if (!isContent) {
                p.skipChildren();
            } else if (p.currentToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                out = Optional.empty();
            } else {
                List<TokenLogprob> tokens = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) tokens.add(readTokenLogprob(p, true));
                out = Optional.of(tokens);
            }
        }
        return out;
    }

    /** One token's entry; {@code withTop}: read its top_logprobs (an alternative's own are ignored, as before). */
    private static TokenLogprob readTokenLogprob(JsonParser p, boolean withTop) throws IOException {
        String token = "";
        double logprob = 0;
        List<TokenLogprob.Alternative> top = List.of();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new TokenLogprob(token, logprob, top);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "token" -> token = asText(p);
                case "logprob" -> logprob = asDouble(p);
                case "top_logprobs" -> {
                    if (withTop) top = readAlternatives(p);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        return new TokenLogprob(token, logprob, top);
    }

    private static List<TokenLogprob.Alternative> readAlternatives(JsonParser p) throws IOException {
        JsonParser a = elements(p);
        if (a == null) return List.of();
        List<TokenLogprob.Alternative> out = new ArrayList<>();
        while (a.nextToken() != JsonToken.END_ARRAY) {
            TokenLogprob t = readTokenLogprob(a, false);
            out.add(new TokenLogprob.Alternative(t.token(), t.logprob()));
        }
        return out;
    }

    /**
     * A parser on START_ARRAY whose elements are those the tree reader iterated for this value: an array's
     * elements, an object's values (rare: read as a tree, so repeated keys collapse as they did), or none (null).
     */
    private static JsonParser elements(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_ARRAY -> p;
            case START_OBJECT -> {
                ArrayNode values = OpenAiJson.MAPPER.createArrayNode();
                tree(p).forEach(values::add);
                JsonParser sub = values.traverse(OpenAiJson.MAPPER);
                sub.nextToken();
                yield sub;
            }
            default -> {
                p.skipChildren();
                yield null;
            }
        };
    }

    /** The value as the tree reader's textField saw it: a string, or empty for anything else. */
    private static Optional<String> text(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) return Optional.of(p.getText());
        p.skipChildren();
        return Optional.empty();
    }

    /** {@code JsonNode.asText("")} of the value. */
    private static String asText(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> "";
            default -> tree(p).asText("");
        };
    }

    /** {@code JsonNode.asInt(0)} of the value. */
    private static int asInt(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) return p.getIntValue();
        return tree(p).asInt(0);
    }

    /** {@code JsonNode.asLong(0)} of the value. */
    private static long asLong(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        return tree(p).asLong(0);
    }

    /** {@code JsonNode.asDouble()} of the value. */
    private static double asDouble(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) return p.getIntValue();
        return tree(p).asDouble();
    }

    /** The tree reader's finish(): absent for null, the text of anything else ("stop" etc. without a new String). */
    private static Optional<String> finishReason(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> Optional.empty();
            case VALUE_STRING -> {
                for (String known : FINISH_REASONS) if (textIs(p, known)) yield Optional.of(known);
                yield Optional.of(p.getText());
            }
            default -> Optional.of(tree(p).asText());
        };
    }

    /** {@code asText("")} of the value, as {@code last} itself when the text is the same (no new String). */
    private static String reuse(JsonParser p, String last) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING && textIs(p, last)) return last;
        return asText(p);
    }

    private static boolean textIs(JsonParser p, String s) throws IOException {
        int length = p.getTextLength();
        if (length != s.length()) return false;
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = 0; i < length; i++) if (chars[offset + i] != s.charAt(i)) return false;
        return true;
    }

    private static JsonNode tree(JsonParser p) throws IOException {
        return OpenAiJson.MAPPER.readTree(p);
    }
}
