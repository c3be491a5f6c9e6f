package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.InvalidRequestException;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed reads of optional JSON fields that fail with an {@link InvalidRequestException} naming the
 * field ({@code param}) in OpenAI's words. A JSON null counts as absent, as in the OpenAI API.
 */
final class JsonChecks {
    private JsonChecks() {}

    static boolean absent(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull();
    }

    static Optional<String> string(JsonNode parent, String field, String param) {
        JsonNode n = parent.get(field);
        if (absent(n)) return Optional.empty();
        if (!n.isTextual()) throw invalid(param, "must be a string");
        return Optional.of(n.textValue());
    }

    static String requiredString(JsonNode parent, String field, String param) {
        return string(parent, field, param).orElseThrow(() -> new InvalidRequestException(
                "Missing required parameter: '" + param + "'.", param, "missing_required_parameter"));
    }

    static OptionalDouble number(JsonNode parent, String field, double min, double max) {
        JsonNode n = parent.get(field);
        if (absent(n)) return OptionalDouble.empty();
        if (!n.isNumber()) throw invalid(field, "must be a number");
        double v = n.doubleValue();
        if (v < min || v > max || Double.isNaN(v)) {
            throw new InvalidRequestException("Invalid '" + field + "': " + n.asText() + " is out of range; expected a value in ["
                    + fmt(min) + ", " + fmt(max) + "].", field, "decimal_above_max_value");
        }
        return OptionalDouble.of(v);
    }

    static OptionalInt integer(JsonNode parent, String field, int min, int max) {
        JsonNode n = parent.get(field);
        if (absent(n)) return OptionalInt.empty();
        if (!n.isIntegralNumber() && !(n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw invalid(field, "must be an integer");
        }
        long v = n.longValue();
        if (v < min || v > max) {
            String expected = min == 1 && max == Integer.MAX_VALUE ? "a positive integer"
                    : "an integer in [" + min + ", " + max + "]";
            throw new InvalidRequestException("Invalid '" + field + "': " + n.asText() + " is not " + expected + ".", field, "integer_out_of_range");
        }
        return OptionalInt.of((int) v);
    }

    static OptionalLong longValue(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (absent(n)) return OptionalLong.empty();
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw invalid(field, "must be an integer");
        return OptionalLong.of(n.longValue());
    }

    static boolean bool(JsonNode parent, String field, String param) {
        JsonNode n = parent.get(field);
        if (absent(n)) return false;
        if (!n.isBoolean()) throw invalid(param, "must be a boolean");
        return n.booleanValue();
    }

    static InvalidRequestException invalid(String param, String what) {
        return new InvalidRequestException("Invalid '" + param + "': " + what + ".", param, "invalid_type");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
