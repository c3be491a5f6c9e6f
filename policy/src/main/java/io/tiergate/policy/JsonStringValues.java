package io.tiergate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Applies a text function to every string in a JSON document — values, object keys, and numbers
 * read as text — and writes the document back. Scanning decoded strings (not the JSON text) sees
 * through escapes such as {@code \n} inside a PEM key; rewriting value by value keeps tool-call
 * arguments valid JSON after masking. A number the function changes becomes a string.
 */
final class JsonStringValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonStringValues() {}

    /** The transformed document, or empty when {@code json} is not a JSON object or array. */
    static Optional<String> map(String json, UnaryOperator<String> fn) {
        String trimmed = json.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return Optional.empty();
        JsonNode root;
        try {
            root = JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        JsonNode mapped = walk(root, fn);
        if (mapped.equals(root)) return Optional.of(json);
        try {
            return Optional.of(JSON.writeValueAsString(mapped));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("re-serialising a parsed JSON tree failed", e);
        }
    }

    private static JsonNode walk(JsonNode node, UnaryOperator<String> fn) {
        if (node.isTextual()) {
            String v = node.textValue();
            String m = fn.apply(v);
            return m.equals(v) ? node : TextNode.valueOf(m);
        }
        if (node.isNumber()) {
            String v = node.asText();
            String m = fn.apply(v);
            return m.equals(v) ? node : TextNode.valueOf(m);
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(child -> out.add(walk(child, fn)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            for (Map.Entry<String, JsonNode> f : fields) {
                out.set(fn.apply(f.getKey()), walk(f.getValue(), fn));
            }
            return out;
        }
        return node;
    }
}
