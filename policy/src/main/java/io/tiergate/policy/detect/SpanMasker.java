package io.tiergate.policy.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces found spans with placeholders such as {@code [EMAIL_1]}, numbered per type and
 * consistent across every text masked by the same instance: the same address gets the same
 * placeholder in all messages of a request, so a model can still refer to "[EMAIL_1]". Placeholders
 * contain no quote or backslash, so masking inside a JSON string keeps it valid.
 * One instance per request; not thread-safe.
 */
public final class SpanMasker {
    private final Map<String, String> placeholderByValue = new HashMap<>();
    private final Map<String, Integer> countByType = new HashMap<>();

    /** {@code text} with each finding's span replaced; {@code findings} must be sorted and disjoint. */
    public String mask(String text, List<Finding> findings) {
        if (findings.isEmpty()) return text;
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : findings) {
            out.append(text, at, f.start()).append(placeholder(f.type(), text.substring(f.start(), f.end())));
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    private String placeholder(String type, String value) {
        return placeholderByValue.computeIfAbsent(type + '\u0000' + value, k -> {
            int n = countByType.merge(type, 1, Integer::sum);
            return "[" + label(type) + "_" + n + "]";
        });
    }

    /** Each placeholder handed out so far and the value it replaced. */
    public Map<String, String> placeholders() {
        Map<String, String> values = new HashMap<>();
        placeholderByValue.forEach((typeAndValue, placeholder) ->
                values.put(placeholder, typeAndValue.substring(typeAndValue.indexOf('\u0000') + 1)));
        return Map.copyOf(values);
    }

    /** A type name as placeholder label: "payment_card" → "PAYMENT_CARD", "project name" → "PROJECT_NAME". */
    static String label(String type) {
        return type.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
