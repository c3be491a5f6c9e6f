package io.tiergate.router.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Any JSONL with {@code id} and {@code prompt} per line (other fields ignored), validated completely before use. */
public final class PromptFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One prompt to score. */
    public record Prompt(String id, String prompt) {}

    private PromptFile() {}

    public static List<Prompt> read(Path file) {
        if (!Files.isRegularFile(file)) throw new RoutingDataException("Prompt file not found: " + file);
        List<Prompt> prompts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
                    prompts.add(new Prompt(idOf(node), RoutingDataset.text(node, "prompt")));
                } catch (JsonProcessingException e) {
                    errors.add(file.getFileName() + ":" + number + ": not valid JSON (" + e.getOriginalMessage() + ")");
                } catch (IllegalArgumentException e) {
                    errors.add(file.getFileName() + ":" + number + ": " + e.getMessage());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RoutingDataException("Cannot read " + file + ": " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new RoutingDataException(errors.size() + " invalid line(s) in " + file + ":\n  "
                    + String.join("\n  ", errors.subList(0, Math.min(5, errors.size()))) + (errors.size() > 5 ? "\n  …" : ""));
        }
        return prompts;
    }

    /** A string id, or a number written as text. */
    private static String idOf(JsonNode node) {
        JsonNode id = node.get("id");
        if (id != null && id.isNumber()) return id.asText();
        return RoutingDataset.text(node, "id");
    }
}
