package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.progress.PullProgress;
import io.tiergate.testkit.hub.FakeHuggingFaceHub;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two other JVMs and this one pull the same model into one store at once: one download, one good blob. */
class CrossProcessPullIT {

    @TempDir Path home;

    @Test
    void pullsFromSeveralProcessesShareOneDownload() throws Exception {
        byte[] model = MinimalGguf.model("qwen3", 7, 4096, "t", 500_000);
        try (FakeHuggingFaceHub hub = FakeHuggingFaceHub.start()) {
            hub.addFile("Qwen/Qwen3-0.6B-GGUF", "Qwen3-0.6B-Q8_0.gguf", model).slowDown(Duration.ofMillis(20));
            Path models = home.resolve("models");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> others = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                others.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        PullInAnotherProcess.class.getName(), hub.endpoint().toString(), models.toString(), "qwen3:0.6b")
                        .redirectErrorStream(true).start());
            }
            ModelStore store = new ModelStore(new StorePaths(models),
                    HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString())), ModelCatalogue.builtIn());
            String sha = store.pull("qwen3:0.6b", PullProgress.silent()).files().getFirst().sha256();
            for (Process p : others) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(output).isZero();
                assertThat(output).contains("sha256=" + sha);
            }
            assertThat(hub.count(r -> r.server().equals("cdn"))).isEqualTo(1);
            try (var blobs = Files.list(models.resolve("blobs"))) {
                assertThat(blobs.toList()).singleElement().satisfies(b -> assertThat(b).hasBinaryContent(model));
            }
            try (var partials = Files.list(models.resolve("partial"))) {
                assertThat(partials.toList()).isEmpty();
            }
        }
    }
}
