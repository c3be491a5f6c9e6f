package io.tiergate.policy;

import io.tiergate.api.ChatRequest;
import io.tiergate.policy.detect.SensitiveDataScanner;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The request fields outside the messages that still reach the upstream as they came: {@code user},
 * {@code metadata} and every top-level field the reader does not model (passed through verbatim, e.g.
 * {@code prediction}). They are scanned like text, but never masked (rewriting them would change what
 * the client asked for), so sensitive data found there keeps a request off the cloud.
 */
final class SideFields {
    private SideFields() {}

    /** Field name → the sensitive types found in it, for the fields where something was found. */
    static Map<String, Set<String>> scan(ChatRequest request, SensitiveDataScanner scanner) {
        Map<String, Set<String>> found = new TreeMap<>();
        request.user().ifPresent(u -> scanText("user", u, scanner, found));
        request.metadata().forEach((k, v) -> {
            scanText("metadata", k, scanner, found);
            scanText("metadata", v, scanner, found);
        });
        request.passthroughJson().forEach((name, json) -> {
            // a JSON object or array value by value (escapes decoded); a scalar as its text
            if (JsonStringValues.map(json, text -> {
                scanText(name, text, scanner, found);
                return text;
            }).isEmpty()) {
                scanText(name, json, scanner, found);
            }
        });
        return found;
    }

    private static void scanText(String field, String text, SensitiveDataScanner scanner, Map<String, Set<String>> found) {
        scanner.scan(text).forEach(f -> found.computeIfAbsent(field, k -> new TreeSet<>()).add(f.type()));
    }
}
