package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class LocalModelStoreTest {

    @TempDir Path dir;

    ModelStore store() {
        return new ModelStore(new StorePaths(dir.resolve("home/models")), HubConfig.defaults(), ModelCatalogue.builtIn());
    }

    Path gguf(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void importListShowRemoveRoundTrip() throws Exception {
        Path file = gguf("My-Model-Q8_0.gguf", MinimalGguf.model("llama", 7, 8192, "{{ bos_token }}{% for m in messages %}x{% endfor %}", 1234));
        ModelStore store = store();

        ModelManifest m = store.importFile(file, "");
        assertThat(m.name()).isEqualTo("my-model-q8_0");
        assertThat(m.source()).isEqualTo("file:" + file.toAbsolutePath());
        assertThat(m.architecture()).isEqualTo("llama");
        assertThat(m.quantization()).isEqualTo("Q8_0");
        assertThat(m.contextLength()).isEqualTo(8192);
        assertThat(m.parameterCount()).isEqualTo(1234);
        assertThat(store.list()).extracting(ModelManifest::name).containsExactly("my-model-q8_0");
        assertThat(store.names()).containsExactly("my-model-q8_0");

        ModelDetails d = store.show("my-model-q8_0");
        assertThat(d.template()).contains("{{ bos_token }}{% for m in messages %}x{% endfor %}");
        assertThat(d.parts()).singleElement().satisfies(p -> assertThat(p).hasSameBinaryContentAs(file));
        assertThat(store.locate("my-model-q8_0")).contains(d.parts().getFirst());

        store.remove("my-model-q8_0");
        assertThat(store.list()).isEmpty();
        assertThat(store.locate("my-model-q8_0")).isEmpty();
        assertThat(d.parts().getFirst()).doesNotExist();
        assertThat(file).exists(); // the user's own file is left alone
    }

    @Test
    void removeKeepsBlobsOtherModelsStillUse() throws Exception {
        Path file = gguf("shared.gguf", MinimalGguf.model("qwen3", 15, 4096, "t", 10));
        ModelStore store = store();
        store.importFile(file, "first");
        store.importFile(file, "second");
        Path blob = store.locate("first").orElseThrow();

        store.remove("first");

        assertThat(blob).exists();
        assertThat(store.locate("second")).contains(blob);
        assertThatThrownBy(() -> store.show("first")).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("model 'first' is not in the store").hasMessageContaining("stored models: second");
    }

    @Test
    void importsEveryPartOfASplitModelGivenTheFirst() throws Exception {
        for (int i = 1; i <= 2; i++) gguf("Big-0000" + i + "-of-00002.gguf", MinimalGguf.splitPart("llama", 15, i, 2, 50));
        ModelStore store = store();
        ModelManifest m = store.importFile(dir.resolve("Big-00001-of-00002.gguf"), "big");
        assertThat(m.files()).extracting(ModelManifest.ModelFile::name)
                .containsExactly("Big-00001-of-00002.gguf", "Big-00002-of-00002.gguf");
        assertThat(m.parameterCount()).isEqualTo(100);
        assertThat(store.parts("big")).hasSize(2);

        Files.delete(dir.resolve("Big-00002-of-00002.gguf"));
        assertThatThrownBy(() -> store.importFile(dir.resolve("Big-00001-of-00002.gguf"), "big2"))
                .hasMessageContaining("split part Big-00002-of-00002.gguf of Big-00001-of-00002.gguf is missing");
    }

    @Test
    void refusesFilesThatAreNotGgufAndBadNames() throws Exception {
        Path text = gguf("notes.gguf", "hello, not a model".getBytes());
        ModelStore store = store();
        assertThatThrownBy(() -> store.importFile(text, "x")).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("is not a usable GGUF file");
        assertThatThrownBy(() -> store.importFile(dir.resolve("missing.gguf"), "x")).hasMessageContaining("no such file");
        Path ok = gguf("ok.gguf", MinimalGguf.model("llama", 7, 1, "t", 1));
        assertThatThrownBy(() -> store.importFile(ok, "bad name!")).hasMessageContaining("may only use letters");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aFileInTheStoresWayGivesAClearErrorAndNothingLooksComplete() throws Exception {
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("home/models"), "in the way");
        Path file = gguf("m.gguf", MinimalGguf.model("llama", 7, 1, "t", 1));

        assertThatThrownBy(() -> store().importFile(file, "m")).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("cannot use").hasMessageContaining("a file is in the way");
        assertThat(store().names()).isEmpty();
    }

    @Test
    void readOnlyStoreIsPermissionDeniedAndLeavesNoCompleteLookingFile() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root ignores file permissions").isNotEqualTo("root");
        Path models = Files.createDirectories(dir.resolve("home/models"));
        Files.setPosixFilePermissions(models, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path file = gguf("m.gguf", MinimalGguf.model("llama", 7, 1, "t", 1));
            assertThatThrownBy(() -> store().importFile(file, "m")).isInstanceOf(ModelStoreException.class)
                    .hasMessageContaining("permission denied: cannot write");
            try (var s = Files.list(models)) {
                assertThat(s.toList()).isEmpty();
            }
        } finally {
            Files.setPosixFilePermissions(models, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
