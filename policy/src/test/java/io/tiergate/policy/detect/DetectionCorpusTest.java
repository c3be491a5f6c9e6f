package io.tiergate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the built-in detectors on the labelled corpus
 * (src/test/resources/sensitive-data-corpus.jsonl: text, expected types, a note on why for
 * look-alike negatives). Counted per text: a type is predicted when any finding has it.
 */
class DetectionCorpusTest {
    private static final double TARGET = 0.95;

    /** {@code block}: the type whose positives and look-alikes this item was written for ("mixed" otherwise). */
    record Item(int line, String text, Set<String> expected, String block, String note) {}

    record Score(int truePositives, int falsePositives, int falseNegatives, int items) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    @Test
    void everyBuiltInTypeReachesTargetPrecisionAndRecall() throws IOException {
        List<Item> corpus = load();
        Map<String, int[]> counts = new LinkedHashMap<>();
        BuiltInType.typeNames().forEach(t -> counts.put(t, new int[4]));
        List<String> mistakes = new ArrayList<>();
        for (Item item : corpus) {
            Set<String> predicted = new TreeSet<>();
            SensitiveDataScanner.builtIn().scan(item.text()).forEach(f -> predicted.add(f.type()));
            for (var e : counts.entrySet()) {
                String type = e.getKey();
                boolean want = item.expected().contains(type);
                boolean got = predicted.contains(type);
                int[] c = e.getValue();
                if (item.block().equals(type)) c[3]++;
                if (want && got) c[0]++;
                if (!want && got) c[1]++;
                if (want && !got) c[2]++;
            }
            if (!predicted.equals(item.expected())) {
                mistakes.add("line " + item.line() + ": expected " + item.expected() + " got " + predicted + " — " + item.note());
            }
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        counts.forEach((t, c) -> scores.put(t, new Score(c[0], c[1], c[2], c[3])));
        String table = table(scores, corpus.size());
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "policy-detection-table.md"), table);
        mistakes.forEach(m -> System.out.println("  mismatch " + m));

        assertThat(corpus).hasSizeGreaterThan(300);
        scores.forEach((type, s) -> {
            assertThat(s.truePositives()).as("positives of %s in the corpus", type).isGreaterThanOrEqualTo(20);
            assertThat(s.precision()).as("precision of %s; mismatches: %s", type, mistakes).isGreaterThanOrEqualTo(TARGET);
            assertThat(s.recall()).as("recall of %s; mismatches: %s", type, mistakes).isGreaterThanOrEqualTo(TARGET);
        });
    }

    static String table(Map<String, Score> scores, int items) {
        StringBuilder b = new StringBuilder();
        b.append("| type | corpus items | TP | FP | FN | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|\n");
        scores.forEach((t, s) -> b.append(String.format(java.util.Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f |%n",
                t, s.items(), s.truePositives(), s.falsePositives(), s.falseNegatives(), s.precision(), s.recall())));
        b.append("\n").append(items).append(" corpus texts.\n");
        return b.toString();
    }

    static List<Item> load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Item> items = new ArrayList<>();
        try (InputStream in = DetectionCorpusTest.class.getResourceAsStream("/sensitive-data-corpus.jsonl")) {
            assertThat(in).as("corpus resource").isNotNull();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) continue;
                JsonNode node = json.readTree(lines[i]);
                Set<String> expected = new TreeSet<>();
                node.get("types").forEach(t -> expected.add(t.asText()));
                items.add(new Item(i + 1, node.get("text").asText(), expected, node.path("block").asText("mixed"),
                        node.path("note").asText("")));
            }
        }
        return items;
    }
}
