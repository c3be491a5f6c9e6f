package io.tiergate.router.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Routing-evaluation JSONL files (format in shared/eval/README.md), read and validated completely before
 * any work: every line must have a string {@code id} and {@code prompt} and a {@code scores} object of
 * numbers in [0, 1]. Errors name the file and line.
 */
public final class RoutingDataset {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERRORS_SHOWN = 5;

    private final List<RoutingItem> items;

    private RoutingDataset(List<RoutingItem> items) {
        this.items = List.copyOf(items);
    }

    public static RoutingDataset of(List<RoutingItem> items) {
        return new RoutingDataset(items);
    }

    public static RoutingDataset read(List<Path> files) {
        if (files.isEmpty()) throw new RoutingDataException("No routing-evaluation file given (--data FILE.jsonl).");
        List<RoutingItem> all = new ArrayList<>();
        for (Path f : files) all.addAll(readOne(f));
        return new RoutingDataset(all);
    }

    private static List<RoutingItem> readOne(Path file) {
        if (!Files.isRegularFile(file)) throw new RoutingDataException("Routing-evaluation file not found: " + file);
        List<RoutingItem> items = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int errorCount = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                try {
                    items.add(parse(line));
                } catch (IllegalArgumentException | IOException e) {
                    errorCount++;
                    if (errors.size() < MAX_ERRORS_SHOWN) errors.add(file.getFileName() + ":" + number + ": " + e.getMessage());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RoutingDataException("Cannot read " + file + ": " + e.getMessage());
        }
        if (errorCount > 0) {
            throw new RoutingDataException(errorCount + " invalid line(s) in " + file + ":\n  " + String.join("\n  ", errors)
                    + (errorCount > errors.size() ? "\n  …" : ""));
        }
        if (items.isEmpty()) throw new RoutingDataException("Routing-evaluation file " + file + " holds no items.");
        return items;
    }

    private static RoutingItem parse(String line) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
        String id = text(node, "id");
        String prompt = text(node, "prompt");
        JsonNode scores = node.get("scores");
        if (scores == null || !scores.isObject()) throw new IllegalArgumentException("missing field 'scores' (an object of model -> score)");
        Map<String, Double> map = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : scores.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
                throw new IllegalArgumentException("score of '" + e.getKey() + "' must be a number in [0, 1], got " + v);
            }
            map.put(e.getKey(), v.asDouble());
        }
        String source = node.path("source").asText("");
        String category = node.path("category").asText("");
        return new RoutingItem(id, source, category, prompt, map);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing field '" + field + "'");
        if (!v.isTextual()) throw new IllegalArgumentException("field '" + field + "' must be a string");
        return v.asText();
    }

    public List<RoutingItem> items() {
        return items;
    }

    /** Model name → how many items score it, sorted by name. */
    public Map<String, Integer> models() {
        Map<String, Integer> counts = new TreeMap<>();
        for (RoutingItem item : items) item.scores().keySet().forEach(m -> counts.merge(m, 1, Integer::sum));
        return counts;
    }

    /**
     * The items scored for both models, as a pair.
     *
     * @throws RoutingDataException naming the available models when either is unknown or they are equal
     */
    public PairedItems pair(String weak, String strong) {
        Map<String, Integer> models = models();
        List<String> unknown = new ArrayList<>();
        if (!models.containsKey(weak)) unknown.add(weak);
        if (!models.containsKey(strong)) unknown.add(strong);
        if (!unknown.isEmpty()) {
            throw new RoutingDataException("Unknown model(s) " + unknown.stream().map(m -> "'" + m + "'").collect(Collectors.joining(", "))
                    + ". Available models: " + String.join(", ", new TreeSet<>(models.keySet())) + ".");
        }
        if (weak.equals(strong)) throw new RoutingDataException("--weak and --strong name the same model '" + weak + "'.");
        List<RoutingItem> both = items.stream().filter(i -> i.scores().containsKey(weak) && i.scores().containsKey(strong)).toList();
        if (both.size() < 2) throw new RoutingDataException("Fewer than 2 items score both '" + weak + "' and '" + strong + "'.");
        return new PairedItems(weak, strong, both, items.size() - both.size());
    }
}
