package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.hub.Sha256;
import io.tiergate.testkit.hub.FakeHuggingFaceHub;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI removes a model while a server (here: another JVM) pulls a split model whose first part the removed
 * model shares, its second part held mid-download by the fake Hub. The pull still ends with a whole model.
 */
class RemoveDuringPullInAnotherProcessIT {

    static final String REPO = "org/Big-GGUF";
    static final String PART1 = "Big-Q4_K_M-00001-of-00002.gguf";
    static final String PART2 = "Big-Q4_K_M-00002-of-00002.gguf";

    @TempDir Path home;

    @Test
    void theOtherProcessFetchesTheRemovedSharedPartAgainAndPublishesAWholeModel() throws Exception {
        byte[] part1 = MinimalGguf.splitPart("llama", 15, 1, 2, 20_000);
        try (FakeHuggingFaceHub hub = FakeHuggingFaceHub.start()) {
            hub.addFile(REPO, PART1, part1).addFile(REPO, PART2, MinimalGguf.splitPart("llama", 15, 2, 2, 20_000));
            Path models = home.resolve("models");
            ModelStore store = new ModelStore(new StorePaths(models),
                    HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString())), ModelCatalogue.builtIn());
            store.importFile(Files.write(home.resolve("first-part.gguf"), part1), "first-part");
            FakeHuggingFaceHub.Hold hold = hub.holdOnceAfter(REPO, PART2, 30_000);

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PullInAnotherProcess.class.getName(), hub.endpoint().toString(), models.toString(), "hf.co/org/Big-GGUF:Q4_K_M")
                    .redirectErrorStream(true).start();
            try {
                assertThat(hold.awaitHeld(Duration.ofSeconds(60))).as("the other process is mid-download").isTrue();
                store.remove("first-part");
                assertThat(store.paths().blob(hub.sha256Of(REPO, PART1))).doesNotExist();
                hold.release();

                assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(other.exitValue()).as(output).isZero();
                assertThat(output).contains("sha256=" + hub.sha256Of(REPO, PART1));
            } finally {
                other.destroyForcibly();
            }
            String name = "hf.co/org/Big-GGUF:Q4_K_M";
            assertThat(store.names()).containsExactly(name);
            List<Path> parts = store.parts(name);
            assertThat(parts).hasSize(2);
            assertThat(Sha256.of(parts.get(0))).isEqualTo(hub.sha256Of(REPO, PART1));
            assertThat(Sha256.of(parts.get(1))).isEqualTo(hub.sha256Of(REPO, PART2));
        }
    }
}
