package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tiergate.backends.openai.JsonParserValues.asDouble;
import static io.tiergate.backends.openai.JsonParserValues.asLong;
import static io.tiergate.backends.openai.JsonParserValues.asText;
import static io.tiergate.backends.openai.JsonParserValues.elements;
import static io.tiergate.backends.openai.JsonParserValues.textIs;
import static io.tiergate.backends.openai.JsonParserValues.tree;

/**
 * The parts a {@code chat.completion} and a {@code chat.completion.chunk} share, read from Jackson's streaming
 * parser: usage (with cached and reasoning token details), a choice's logprobs, its finish reason.
 * Each read leaves the parser on the value's last token.
 */
final class OpenAiSharedFields {
    private static final String[] FINISH_REASONS = {"stop", "length", "tool_calls", "content_filter", "function_call"};

    private OpenAiSharedFields() {}

    static Optional<Usage> readUsage(JsonParser p) throws IOException {
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
    static Optional<List<TokenLogprob>> readLogprobs(JsonParser p) throws IOException {
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

    /** The tree reader's finish(): absent for null, the text of anything else ("stop" etc. without a new String). */
    static Optional<String> finishReason(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> Optional.empty();
            case VALUE_STRING -> {
                for (String known : FINISH_REASONS) if (textIs(p, known)) yield Optional.of(known);
                yield Optional.of(p.getText());
            }
            default -> Optional.of(tree(p).asText());
        };
    }
}
