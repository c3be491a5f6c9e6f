package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Values read from Jackson's streaming parser with the meaning Jackson's tree gives them, so the streaming
 * readers of upstream answers ({@link OpenAiChunkReader}, {@link OpenAiResponseReader}) decode exactly what
 * the tree readers before them did: the expected token is read directly; anything else (rare: a number sent
 * as a string, an object where text belongs) is read as a one-value tree and converted by
 * {@code JsonNode.asInt/asLong/asDouble/asText} itself. Each read leaves the parser on the value's last token.
 */
final class JsonParserValues {
    private static final JsonFactory FACTORY = OpenAiJson.MAPPER.getFactory();

    private JsonParserValues() {}

    /** What one upstream JSON object reads into; the parser is on its START_OBJECT. */
    @FunctionalInterface
    interface ObjectReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * Reads one upstream JSON object with {@code reader}, with parseUpstream's failures: an empty body, malformed
     * JSON, or ({@code notAnObject}) a value that is not an object, reported only once the value parsed whole.
     */
    static <T> T readObject(byte[] json, String notAnObject, ObjectReader<T> reader) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new UpstreamProtocolException("upstream sent an empty body");
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                throw new UpstreamProtocolException(notAnObject);
            }
            return reader.read(p);
        } catch (JsonProcessingException e) {
            throw new UpstreamProtocolException("upstream sent malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A parser on START_ARRAY whose elements are those the tree reader iterated for this value: an array's
     * elements, an object's values (rare: read as a tree, so repeated keys collapse as they did), or none (null).
     */
    static JsonParser elements(JsonParser p) throws IOException {
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
    static Optional<String> text(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) return Optional.of(p.getText());
        p.skipChildren();
        return Optional.empty();
    }

    /** {@code JsonNode.asText("")} of the value. */
    static String asText(JsonParser p) throws IOException {
        return asText(p, "");
    }

    /** {@code JsonNode.asText(absent)} of the value (an object or array gives "", as in the tree). */
    static String asText(JsonParser p, String absent) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> absent;
            default -> tree(p).asText(absent);
        };
    }

    /** {@code JsonNode.asInt(0)} of the value. */
    static int asInt(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) return p.getIntValue();
        return tree(p).asInt(0);
    }

    /** {@code JsonNode.asLong(0)} of the value. */
    static long asLong(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        return tree(p).asLong(0);
    }

    /** {@code JsonNode.asDouble()} of the value. */
    static double asDouble(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) return p.getIntValue();
        return tree(p).asDouble();
    }

    /** Whether the current string's text is {@code s}, compared in the parser's own buffer (no String made). */
    static boolean textIs(JsonParser p, String s) throws IOException {
        int length = p.getTextLength();
        if (length != s.length()) return false;
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = 0; i < length; i++) if (chars[offset + i] != s.charAt(i)) return false;
        return true;
    }

    /** The value as a tree: only for the rare odd-typed value, so the conversion is Jackson's own. */
    static JsonNode tree(JsonParser p) throws IOException {
        return OpenAiJson.MAPPER.readTree(p);
    }
}
