package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.progress.PullProgress;
import io.tiergate.testkit.hub.FakeHuggingFaceHub;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A manifest that cannot be parsed (empty after a power cut before manifests were synced, or hand-edited)
 * must not make the store unusable: pulling or importing the model again replaces it, as the error
 * message advises, and a remove refuses before it changes anything rather than half-way through.
 */
class UnreadableManifestTest {

    static final String REPO = "Qwen/Qwen3-0.6B-GGUF";
    static final String Q8 = "Qwen3-0.6B-Q8_0.gguf";

    @TempDir Path home;

    final StorePaths paths() {
        return new StorePaths(home.resolve("models"));
    }

    ModelStore store(HubConfig hub) {
        return new ModelStore(paths(), hub, ModelCatalogue.builtIn());
    }

    Path userFile(String name, int seed) throws Exception {
        return Files.write(home.resolve(name), MinimalGguf.model("llama", 7, 4096, "template " + seed, 1000 + seed));
    }

    void truncate(String model) throws Exception {
        Files.write(paths().manifest(model), new byte[0]);
    }

    @Test
    void pullingAgainReplacesAnEmptyManifestOfTheModel() throws Exception {
        try (FakeHuggingFaceHub hub = FakeHuggingFaceHub.start()) {
            hub.addFile(REPO, Q8, MinimalGguf.model("qwen3", 7, 40960, "t", 300_000));
            ModelStore store = store(HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString())));
            String ref = "hf.co/" + REPO + ":Q8_0";
            ModelManifest first = store.pull(ref, PullProgress.silent());
            truncate(first.name());
            assertThatThrownBy(store::list).isInstanceOf(ModelStoreException.class)
                    .hasMessageContaining("unreadable").hasMessageContaining("pull the model again");

            ModelManifest again = store.pull(ref, PullProgress.silent());

            assertThat(store.list()).containsExactly(again);
            assertThat(store.locate(first.name())).hasValueSatisfying(blob -> assertThat(blob).isRegularFile());
        }
    }

    @Test
    void importingAgainReplacesAnEmptyManifestOfTheModel() throws Exception {
        ModelStore store = store(HubConfig.defaults());
        Path file = userFile("a.gguf", 1);
        store.importFile(file, "a");
        truncate("a");

        ModelManifest again = store.importFile(file, "a");

        assertThat(store.list()).containsExactly(again);
        assertThat(store.locate("a")).hasValueSatisfying(blob -> assertThat(blob).hasSameBinaryContentAs(file));
    }

    @Test
    void replacingAManifestWhileAnotherIsUnreadableKeepsTheReplacedBlobs() throws Exception {
        ModelStore store = store(HubConfig.defaults());
        ModelManifest old = store.importFile(userFile("b1.gguf", 1), "b");
        store.importFile(userFile("x.gguf", 2), "x");
        truncate("x"); // it might name b's old blob: deleting that blob could break x once repaired

        ModelManifest replaced = store.importFile(userFile("b2.gguf", 3), "b");

        assertThat(store.show("b").manifest()).isEqualTo(replaced);
        assertThat(paths().blob(old.files().getFirst().sha256())).as("kept: an unreadable manifest may name it").isRegularFile();
    }

    @Test
    void removeRefusesBeforeChangingAnythingWhileAnotherManifestIsUnreadable() throws Exception {
        ModelStore store = store(HubConfig.defaults());
        ModelManifest a = store.importFile(userFile("a.gguf", 1), "a");
        store.importFile(userFile("x.gguf", 2), "x");
        truncate("x");

        assertThatThrownBy(() -> store.remove("a")).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining(paths().manifest("x").getFileName().toString()).hasMessageContaining("unreadable");

        assertThat(store.show("a").manifest()).as("'a' is still there, whole").isEqualTo(a);
        assertThat(store.locate("a")).hasValueSatisfying(blob -> assertThat(blob).isRegularFile());
    }
}
