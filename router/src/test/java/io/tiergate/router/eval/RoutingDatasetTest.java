package io.tiergate.router.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingDatasetTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("data.jsonl");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void readsItemsAndPairsTheModelsScoredForBoth() throws IOException {
        Path f = file(
                "{\"id\": \"a\", \"source\": \"s/x\", \"category\": \"math\", \"prompt\": \"2+2?\", \"scores\": {\"small\": 0, \"big\": 1}}",
                "",
                "{\"id\": \"b\", \"prompt\": \"hi\", \"scores\": {\"small\": 1, \"big\": 1, \"other\": 0.5}}",
                "{\"id\": \"c\", \"prompt\": \"no big\", \"scores\": {\"small\": 1}}");
        RoutingDataset data = RoutingDataset.read(List.of(f));
        assertThat(data.items()).hasSize(3);
        assertThat(data.models()).containsEntry("small", 3).containsEntry("big", 2).containsEntry("other", 1);
        PairedItems pair = data.pair("small", "big");
        assertThat(pair.size()).isEqualTo(2);
        assertThat(pair.skipped()).isEqualTo(1);
        assertThat(pair.strongScore(0)).isEqualTo(1.0);
    }

    @Test
    void unknownModelsAreNamedWithTheAvailableOnes() throws IOException {
        Path f = file("{\"id\": \"a\", \"prompt\": \"p\", \"scores\": {\"small\": 0, \"big\": 1}}");
        assertThatThrownBy(() -> RoutingDataset.read(List.of(f)).pair("tiny", "big"))
                .isInstanceOf(RoutingDataException.class)
                .hasMessageContaining("Unknown model(s) 'tiny'")
                .hasMessageContaining("Available models: big, small.");
    }

    @Test
    void everyBadLineIsReportedWithItsNumberBeforeAnyWork() throws IOException {
        Path f = file(
                "{\"id\": \"a\", \"prompt\": \"p\", \"scores\": {\"small\": 0}}",
                "{\"prompt\": \"p\", \"scores\": {\"small\": 0}}",
                "{\"id\": \"c\", \"scores\": {\"small\": 0}}",
                "{\"id\": \"d\", \"prompt\": \"p\"}",
                "{\"id\": \"e\", \"prompt\": \"p\", \"scores\": {\"small\": 7}}",
                "not json at all");
        assertThatThrownBy(() -> RoutingDataset.read(List.of(f)))
                .isInstanceOf(RoutingDataException.class)
                .hasMessageContaining("5 invalid line(s)")
                .hasMessageContaining("data.jsonl:2: missing field 'id'")
                .hasMessageContaining("data.jsonl:3: missing field 'prompt'")
                .hasMessageContaining("data.jsonl:4: missing field 'scores'")
                .hasMessageContaining("data.jsonl:5: score of 'small' must be a number in [0, 1]")
                .hasMessageContaining("data.jsonl:6: not valid JSON");
    }

    @Test
    void missingAndEmptyFilesAreClearErrors() throws IOException {
        assertThatThrownBy(() -> RoutingDataset.read(List.of(dir.resolve("nope.jsonl"))))
                .isInstanceOf(RoutingDataException.class).hasMessageContaining("not found");
        Path empty = file("");
        assertThatThrownBy(() -> RoutingDataset.read(List.of(empty)))
                .isInstanceOf(RoutingDataException.class).hasMessageContaining("holds no items");
    }

    @Test
    void theSplitIsFixedAndDisjoint() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append("{\"id\": \"").append(i).append("\", \"prompt\": \"p\", \"scores\": {\"w\": 0, \"s\": 1}}\n");
        }
        Path f = dir.resolve("many.jsonl");
        Files.writeString(f, lines);
        PairedItems all = RoutingDataset.read(List.of(f)).pair("w", "s");
        PairedItems test = all.split("test");
        PairedItems train = all.split("train");
        assertThat(test.size()).isEqualTo(30);
        assertThat(train.size()).isEqualTo(70);
        assertThat(test.items()).doesNotContainAnyElementsOf(train.items());
        assertThat(all.split("test").items()).isEqualTo(test.items());
        assertThatThrownBy(() -> all.split("dev")).hasMessageContaining("expected all, train or test");
    }
}
