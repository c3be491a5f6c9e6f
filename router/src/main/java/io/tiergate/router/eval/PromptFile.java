package io.tiergate.router.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

/** Any JSONL with {@code id} and {@code prompt} per line (other fields ignored), validated completely before use. */
public final class PromptFile {
    /** One prompt to score. */
    public record Prompt(String id, String prompt) {}

    private PromptFile() {}

    public static List<Prompt> read(Path file) {
        return JsonLinesReader.read(file, "Prompt file", node -> new Prompt(idOf(node), JsonLinesReader.text(node, "prompt")));
    }

    /** A string id, or a number written as text. */
    private static String idOf(JsonNode node) {
        JsonNode id = node.get("id");
        if (id != null && id.isNumber()) return id.asText();
        return JsonLinesReader.text(node, "id");
    }
}
