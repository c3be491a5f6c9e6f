package io.tiergate.router.eval;

import com.fasterxml.jackson.databind.JsonNode;

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
        return JsonLinesReader.read(file, "Routing-evaluation file", RoutingDataset::parse);
    }

    private static RoutingItem parse(JsonNode node) {
        String id = JsonLinesReader.text(node, "id");
        String prompt = JsonLinesReader.text(node, "prompt");
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
        return new RoutingItem(id, node.path("source").asText(""), node.path("category").asText(""), prompt, map);
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
