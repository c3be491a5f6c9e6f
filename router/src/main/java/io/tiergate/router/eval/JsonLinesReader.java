package io.tiergate.router.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a JSONL file completely, one object per non-blank line, and fails with every bad line's number
 * (the first five shown) instead of stopping at the first: a user fixes a file in one pass.
 */
final class JsonLinesReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERRORS_SHOWN = 5;

    private JsonLinesReader() {}

    /** @param parse turns one JSON object into a value, or throws IllegalArgumentException saying what is wrong */
    static <T> List<T> read(Path file, String what, Function<JsonNode, T> parse) {
        if (!Files.isRegularFile(file)) throw new RoutingDataException(what + " not found: " + file);
        List<T> values = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int errorCount = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
                    values.add(parse.apply(node));
                } catch (JsonProcessingException e) {
                    errorCount++;
                    if (errors.size() < MAX_ERRORS_SHOWN) errors.add(file.getFileName() + ":" + number + ": not valid JSON (" + e.getOriginalMessage() + ")");
                } catch (IllegalArgumentException e) {
                    errorCount++;
                    if (errors.size() < MAX_ERRORS_SHOWN) errors.add(file.getFileName() + ":" + number + ": " + e.getMessage());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RoutingDataException("Cannot read " + file + ": " + e.getMessage());
        }
        if (errorCount > 0) {
            throw new RoutingDataException(errorCount + " invalid line(s) in " + file + ":\n  " + String.join("\n  ", errors)
                    + (errorCount > errors.size() ? "\n  …" : ""));
        }
        if (values.isEmpty()) throw new RoutingDataException(what + " " + file + " holds no items.");
        return values;
    }

    /** The string field {@code field}, or IllegalArgumentException naming it. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing field '" + field + "'");
        if (!v.isTextual()) throw new IllegalArgumentException("field '" + field + "' must be a string");
        return v.asText();
    }
}
