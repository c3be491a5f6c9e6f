package io.tiergate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tiergate.api.ContentPart;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An assistant's refusal content part, OpenAI's {@code {"type":"refusal","refusal":"..."}}. The request
 * reader keeps it as a {@link ContentPart.Other} with its JSON verbatim (and the backends forward that JSON
 * as is), but its one field is plain text the model wrote, so the policy scans and masks it like text.
 * A refusal part whose JSON has no string {@code refusal} field stays unreadable (fail closed).
 */
final class RefusalPart {
    static final String TYPE = "refusal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RefusalPart() {}

    /** Whether {@code part} is a refusal part with a string {@code refusal} field, i.e. text the policy can scan. */
    static boolean readable(ContentPart.Other part) {
        return object(part).isPresent();
    }

    /**
     * {@code part} with {@code fn} applied to its refusal text, every other field of its JSON kept; the same instance
     * when it is not a readable refusal part or {@code fn} changed nothing.
     */
    static ContentPart.Other map(ContentPart.Other part, UnaryOperator<String> fn) {
        Optional<ObjectNode> parsed = object(part);
        if (parsed.isEmpty()) return part;
        ObjectNode o = parsed.get();
        String text = o.get(TYPE).textValue();
        String mapped = fn.apply(text);
        if (mapped.equals(text)) return part;
        o.put(TYPE, mapped);
        try {
            return new ContentPart.Other(part.type(), JSON.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("re-serialising a parsed JSON object failed", e);
        }
    }

    private static Optional<ObjectNode> object(ContentPart.Other part) {
        if (!TYPE.equals(part.type())) return Optional.empty();
        try {
            JsonNode node = JSON.readTree(part.json());
            if (node instanceof ObjectNode o && o.path(TYPE).isTextual()) return Optional.of(o);
        } catch (JsonProcessingException e) {
            // not JSON: unreadable, so the caller treats it as content that cannot be scanned
        }
        return Optional.empty();
    }
}
