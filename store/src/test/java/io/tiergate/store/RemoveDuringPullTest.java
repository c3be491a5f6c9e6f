package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.hub.Sha256;
import io.tiergate.store.progress.PullProgress;
import io.tiergate.testkit.hub.FakeHuggingFaceHub;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code rm} of a model while a pull (or import) of another model that shares a blob is under way, on real
 * files and the fake Hub. Whatever the interleaving: no manifest names a missing blob, a blob a manifest
 * names is never deleted, and the removed model is gone.
 */
@Timeout(60)
class RemoveDuringPullTest {

    static final String REPO = "Qwen/Qwen3-0.6B-GGUF";
    static final String Q8 = "Qwen3-0.6B-Q8_0.gguf";
    static final String SPLIT_REPO = "org/Big-GGUF";

    @TempDir Path home;
    final FakeHuggingFaceHub hub = FakeHuggingFaceHub.start();
    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        hub.close();
    }

    ModelStore store() {
        return new ModelStore(new StorePaths(home.resolve("models")),
                HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString())), ModelCatalogue.builtIn());
    }

    /** Every blob the model names is there, with the hash it is named by. */
    static void assertComplete(ModelStore store, String name) {
        ModelManifest m = store.find(name).orElseThrow();
        List<Path> parts = store.parts(name);
        for (int i = 0; i < parts.size(); i++) {
            assertThat(Sha256.of(parts.get(i))).isEqualTo(m.files().get(i).sha256());
        }
    }

    /** A progress listener that stops the pull the first time a note contains {@code text}, until released. */
    static PullProgress pausingAt(String text, CountDownLatch paused, CountDownLatch resume) {
        return new PullProgress() {
            @Override public void start(String file, long totalBytes, long resumedBytes) {}
            @Override public void advance(long doneBytes) {}
            @Override public void finish(String file) {}
            @Override public void note(String message) {
                if (!message.contains(text) || paused.getCount() == 0) return;
                paused.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void removingAModelWhileAPullOfTheSameFileFoundItStoredFetchesItAgain() throws Exception {
        byte[] q8 = MinimalGguf.model("qwen3", 7, 4096, "t", 50_000);
        hub.addFile(REPO, Q8, q8);
        ModelStore store = store();
        store.pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", PullProgress.silent());
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);

        // the alias names the same file: the pull finds the blob stored and stops right after seeing it
        Future<ModelManifest> alias = pool.submit(() -> store.pull("qwen3:0.6b", pausingAt("already present", paused, resume)));
        assertThat(paused.await(20, TimeUnit.SECONDS)).isTrue();
        store.remove("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0"); // its blob is not named by any manifest yet: deleted
        resume.countDown();

        assertThat(alias.get(30, TimeUnit.SECONDS).name()).isEqualTo("qwen3:0.6b");
        assertThat(store.names()).containsExactly("qwen3:0.6b");
        assertComplete(store, "qwen3:0.6b");
        assertThat(store.parts("qwen3:0.6b")).singleElement().satisfies(p -> assertThat(p).hasBinaryContent(q8));
        assertThat(hub.count(r -> r.server().equals("cdn"))).isEqualTo(2); // fetched again, not published missing
    }

    @Test
    void removingAModelThatSharesTheFirstPartOfASplitPullStillInProgressKeepsThePullWhole() throws Exception {
        byte[] part1 = MinimalGguf.splitPart("llama", 15, 1, 2, 20_000);
        byte[] part2 = MinimalGguf.splitPart("llama", 15, 2, 2, 20_000);
        hub.addFile(SPLIT_REPO, "Big-Q4_K_M-00001-of-00002.gguf", part1).addFile(SPLIT_REPO, "Big-Q4_K_M-00002-of-00002.gguf", part2);
        ModelStore store = store();
        store.importFile(Files.write(home.resolve("first-part.gguf"), part1), "first-part");
        FakeHuggingFaceHub.Hold hold = hub.holdOnceAfter(SPLIT_REPO, "Big-Q4_K_M-00002-of-00002.gguf", 30_000);

        Future<ModelManifest> big = pool.submit(() -> store.pull("hf.co/org/Big-GGUF:Q4_K_M", PullProgress.silent()));
        assertThat(hold.awaitHeld(Duration.ofSeconds(20))).isTrue();
        // remove must not wait for a download in progress; the shared part 1 goes, since no manifest names it yet
        Future<?> rm = pool.submit(() -> store.remove("first-part"));
        rm.get(20, TimeUnit.SECONDS);
        hold.release();

        ModelManifest m = big.get(30, TimeUnit.SECONDS);
        assertThat(store.names()).containsExactly(m.name());
        assertComplete(store, m.name());
        assertThat(store.parts(m.name())).hasSize(2);
        assertThat(hub.count(r -> r.server().equals("cdn") && r.path().contains(hub.sha256Of(SPLIT_REPO, "Big-Q4_K_M-00001-of-00002.gguf"))))
                .as("part 1, found stored at first, fetched once removed").isEqualTo(1);
        assertThatThrownBy(() -> store.show("first-part")).hasMessageContaining("model 'first-part' is not in the store");
    }

    @Test
    void anImportStagedWhileItsBlobIsRemovedStillPublishesAWholeModel() throws Exception {
        byte[] bytes = MinimalGguf.model("llama", 7, 2048, "t", 10_000);
        Path file = Files.write(home.resolve("m.gguf"), bytes);
        ModelStore store = store();
        String sha = store.importFile(file, "old").files().getFirst().sha256();
        StagedBlob staged = BlobStaging.stage(file, store.paths(), ImportMode.COPY); // the copy of a second import, done

        store.remove("old"); // runs between that copy and its publication: the blob is deleted
        assertThat(store.paths().blob(sha)).doesNotExist();
        ModelManifest m = new ModelManifest("new", "file:" + file, "", "", List.of(new ModelManifest.ModelFile("m.gguf", sha, bytes.length)),
                "llama", 10_000, "Q8_0", 2048, "2026-01-01T00:00:00Z");
        new ManifestCommits(store.paths(), new JsonManifests(store.paths())).publishStaged(List.of(staged), m);

        assertComplete(store, "new");
        assertThat(staged.temp()).doesNotExist();
    }

    @Test
    void listingWhileModelsComeAndGoNeverFails() throws Exception {
        Path file = Files.write(home.resolve("m.gguf"), MinimalGguf.model("llama", 7, 2048, "t", 100));
        ModelStore store = store();
        store.importFile(file, "steady");
        CountDownLatch done = new CountDownLatch(1);
        Future<?> churn = pool.submit(() -> {
            try {
                for (int i = 0; i < 150; i++) {
                    store.importFile(file, "m" + i);
                    store.remove("m" + i);
                }
            } finally {
                done.countDown();
            }
            return null;
        });
        int listings = 0;
        while (done.getCount() > 0) {
            assertThat(store.list()).extracting(ModelManifest::name).contains("steady");
            assertThat(store.locate("steady")).isPresent();
            listings++;
        }
        churn.get();
        assertThat(listings).isPositive();
        assertThat(store.names()).containsExactly("steady");
    }
}
