package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.hub.Sha256;
import io.tiergate.store.progress.PeriodicProgressLines;
import io.tiergate.store.progress.PullProgress;
import io.tiergate.testkit.hub.FakeHuggingFaceHub;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubPullTest {

    static final String REPO = "Qwen/Qwen3-0.6B-GGUF";
    static final String Q8 = "Qwen3-0.6B-Q8_0.gguf";

    @TempDir Path home;
    final FakeHuggingFaceHub hub = FakeHuggingFaceHub.start();
    final byte[] q8 = MinimalGguf.model("qwen3", 7, 40960, "{% for m in messages %}{{ m.content }}{% endfor %}", 300_000);
    final byte[] q4 = MinimalGguf.model("qwen3", 15, 40960, "t", 100_000);

    @AfterEach
    void stop() {
        hub.close();
    }

    ModelStore store(String token) {
        HubConfig cfg = HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_TOKEN", token));
        return new ModelStore(StorePaths.fromEnvironment(Map.of("TIERGATE_HOME", home.toString()), home),
                cfg, ModelCatalogue.builtIn());
    }

    void publishQwen() {
        hub.addFile(REPO, Q8, q8).addFile(REPO, "Qwen3-0.6B-Q4_K_M.gguf", q4).addFile(REPO, "README.md", "# hi".getBytes());
    }

    @Test
    void pullsFromHfEndpointVerifiesAndWritesManifest() {
        publishQwen();
        StringWriter out = new StringWriter();
        ModelManifest m = store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", new PeriodicProgressLines(new PrintWriter(out), System::nanoTime));

        assertThat(m.name()).isEqualTo("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0");
        assertThat(m.revision()).isEqualTo(hub.commitOf(REPO));
        assertThat(m.files()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo(Q8);
            assertThat(f.sha256()).isEqualTo(hub.sha256Of(REPO, Q8));
            assertThat(f.bytes()).isEqualTo(q8.length);
        });
        assertThat(m.architecture()).isEqualTo("qwen3");
        assertThat(m.quantization()).isEqualTo("Q8_0");
        assertThat(m.contextLength()).isEqualTo(40960);
        assertThat(m.parameterCount()).isEqualTo(300_000);
        Path blob = home.resolve("models/blobs/sha256-" + hub.sha256Of(REPO, Q8));
        assertThat(blob).hasBinaryContent(q8);
        assertThat(home.resolve("models/partial")).isEmptyDirectory();
        // HF_ENDPOINT honoured: the API, resolve/ and the CDN redirect target were all used.
        assertThat(hub.count(r -> r.server().equals("hub") && r.path().equals("/api/models/" + REPO + "/revision/main"))).isEqualTo(1);
        assertThat(hub.count(r -> r.path().startsWith("/api/models/" + REPO + "/tree/" + hub.commitOf(REPO)))).isEqualTo(1);
        assertThat(hub.count(r -> r.path().equals("/" + REPO + "/resolve/" + hub.commitOf(REPO) + "/" + Q8))).isEqualTo(1);
        assertThat(hub.count(r -> r.server().equals("cdn"))).isEqualTo(1);
        assertThat(out.toString()).contains("pulling " + Q8).contains("verified");
        assertThat(store("").locate("Qwen/Qwen3-0.6B-GGUF:q8_0")).contains(blob);
    }

    @Test
    void resumesAnInterruptedDownloadWithARangeRequest() {
        publishQwen();
        hub.interruptOnceAfter(REPO, Q8, 500_000);
        StringWriter out = new StringWriter();
        ModelManifest m = store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", new PeriodicProgressLines(new PrintWriter(out), System::nanoTime));

        // The server cut the connection after 500000 bytes; the client resumes from what reached it
        // (an abrupt close may lose a little in flight), never from 0 and never past the cut.
        var cdn = hub.requests().stream().filter(r -> r.server().equals("cdn")).toList();
        assertThat(cdn).hasSize(2);
        assertThat(cdn.getFirst().header("Range")).isEmpty();
        String range = cdn.getLast().header("Range");
        assertThat(range).matches("bytes=\\d+-");
        long resumedAt = Long.parseLong(range.substring(6, range.length() - 1));
        assertThat(resumedAt).isBetween(1L, 500_000L);
        Path blob = home.resolve("models/blobs/sha256-" + m.files().getFirst().sha256());
        assertThat(Sha256.of(blob)).isEqualTo(hub.sha256Of(REPO, Q8));
        assertThat(out.toString()).contains("connection lost after " + resumedAt + " bytes");
    }

    @Test
    @Timeout(60) // fails rather than waits on a silent connection if the read timeout breaks
    void aDownloadThatStopsSendingIsDroppedAfterTheReadTimeoutAndResumed() {
        publishQwen();
        hub.stallOnceAfter(REPO, Q8, 200_000);
        HubConfig cfg = HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HUB_DOWNLOAD_TIMEOUT", "0.5"));
        ModelStore store = new ModelStore(StorePaths.fromEnvironment(Map.of("TIERGATE_HOME", home.toString()), home), cfg,
                ModelCatalogue.builtIn());
        StringWriter out = new StringWriter();
        ModelManifest m = store.pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", new PeriodicProgressLines(new PrintWriter(out), System::nanoTime));

        // Without a read timeout the pull would wait on the silent connection for as long as the server kept it.
        var cdn = hub.requests().stream().filter(r -> r.server().equals("cdn")).toList();
        assertThat(cdn).hasSize(2);
        String range = cdn.getLast().header("Range");
        assertThat(range).matches("bytes=\\d+-");
        assertThat(Long.parseLong(range.substring(6, range.length() - 1))).isBetween(1L, 200_000L);
        assertThat(Sha256.of(home.resolve("models/blobs/sha256-" + m.files().getFirst().sha256()))).isEqualTo(hub.sha256Of(REPO, Q8));
        assertThat(out.toString()).contains("no data for 0.5 s (HF_HUB_DOWNLOAD_TIMEOUT)").contains("resuming");
    }

    @Test
    void aReadTimeoutThatIsNotAPositiveNumberIsRefusedByName() {
        assertThatThrownBy(() -> HubConfig.fromEnvironment(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("HF_HUB_DOWNLOAD_TIMEOUT must be a number of seconds, got 'soon'");
        assertThatThrownBy(() -> HubConfig.fromEnvironment(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("HF_HUB_DOWNLOAD_TIMEOUT must be positive, got 0.0 s");
        assertThat(HubConfig.fromEnvironment(Map.of()).readTimeout()).hasSeconds(HubConfig.DEFAULT_READ_TIMEOUT_SECONDS);
    }

    @Test
    void resumesFromAPartialFileLeftByAnEarlierProcess() throws Exception {
        publishQwen();
        String sha = hub.sha256Of(REPO, Q8);
        Path partial = home.resolve("models/partial/" + sha + ".part");
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(q8, 123_456));

        store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", PullProgress.silent());

        assertThat(hub.requests()).filteredOn(r -> r.server().equals("cdn")).singleElement()
                .satisfies(r -> assertThat(r.header("Range")).isEqualTo("bytes=123456-"));
        assertThat(home.resolve("models/blobs/sha256-" + sha)).hasBinaryContent(q8);
        assertThat(partial).doesNotExist();
    }

    /** The LFS id names the partial file and the blob: a mirror that sends a path instead must not reach outside the store. */
    @Test
    void anLfsIdThatIsNotASha256IsRefusedBeforeAnyFileIsTouched() throws Exception {
        publishQwen();
        Path outside = Files.writeString(home.getParent().resolve("victim.part"), "keep me");
        String traversal = ("../../../" + outside.getFileName().toString().replace(".part", "")).repeat(1);
        hub.misreport(REPO, Q8, (traversal + "x".repeat(64)).substring(0, 64), 0);
        assertThatThrownBy(() -> store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", PullProgress.silent()))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("is not a SHA-256");
        assertThat(outside).hasContent("keep me");
        hub.misreport(REPO, Q8, hub.sha256Of(REPO, Q8), -1);
        assertThatThrownBy(() -> store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", PullProgress.silent()))
                .isInstanceOf(ModelStoreException.class).hasMessageContaining("a negative size");
        assertThat(hub.count(r -> r.server().equals("cdn"))).isZero();
    }

    /** A download that sends more than the listing's size stops there instead of filling the disk. */
    @Test
    void aDownloadLongerThanItsListedSizeIsCutOff() {
        publishQwen();
        hub.misreport(REPO, Q8, hub.sha256Of(REPO, Q8), q8.length - 1000);
        assertThatThrownBy(() -> store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", PullProgress.silent()))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("sent more than its " + (q8.length - 1000) + " listed bytes");
        assertThat(home.resolve("models/blobs/sha256-" + hub.sha256Of(REPO, Q8))).doesNotExist();
    }

    @Test
    void rejectsWrongBytesAndDeletesTheDownload() {
        publishQwen();
        hub.serveWrongBytes(REPO, Q8);
        String sha = hub.sha256Of(REPO, Q8);

        assertThatThrownBy(() -> store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0", PullProgress.silent()))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("checksum mismatch for " + Q8)
                .hasMessageContaining(sha)
                .hasMessageContaining("the downloaded file was deleted");
        assertThat(home.resolve("models/blobs/sha256-" + sha)).doesNotExist();
        assertThat(home.resolve("models/partial/" + sha + ".part")).doesNotExist();
        assertThat(store("").names()).isEmpty();
    }

    @Test
    void downloadsEverySplitPartAndLocatesTheFirst() {
        String repo = "org/Big-GGUF";
        for (int i = 1; i <= 3; i++) {
            hub.addFile(repo, "Q4_K_M/Big-Q4_K_M-0000" + i + "-of-00003.gguf", MinimalGguf.splitPart("llama", 15, i, 3, 1000 * i));
        }
        hub.addFile(repo, "Big-Q8_0.gguf", MinimalGguf.model("llama", 7, 2048, "t", 10));
        ModelStore store = store("");

        ModelManifest m = store.pull("hf.co/org/Big-GGUF:Q4_K_M", PullProgress.silent());

        assertThat(m.files()).extracting(ModelManifest.ModelFile::name).containsExactly(
                "Q4_K_M/Big-Q4_K_M-00001-of-00003.gguf", "Q4_K_M/Big-Q4_K_M-00002-of-00003.gguf",
                "Q4_K_M/Big-Q4_K_M-00003-of-00003.gguf");
        assertThat(m.parameterCount()).isEqualTo(6000);
        assertThat(store.parts(m.name())).hasSize(3).allSatisfy(p -> assertThat(p).isRegularFile());
        assertThat(store.locate(m.name())).contains(store.parts(m.name()).getFirst());
        assertThat(hub.count(r -> r.server().equals("cdn"))).isEqualTo(3);
    }

    @Test
    void unknownQuantizationListsTheOnesThatExist() {
        publishQwen();
        assertThatThrownBy(() -> store("").pull("hf.co/Qwen/Qwen3-0.6B-GGUF:Q5_K_M", PullProgress.silent()))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("quantization Q5_K_M not found in Qwen/Qwen3-0.6B-GGUF")
                .hasMessageContaining("available quantizations: Q4_K_M, Q8_0");
        assertThatThrownBy(() -> store("").pull("Qwen/Qwen3-0.6B-GGUF/nope.gguf", PullProgress.silent()))
                .hasMessageContaining("file nope.gguf not found").hasMessageContaining(Q8);
    }

    @Test
    void unknownRepositoryIsReportedAsNotFound() {
        assertThatThrownBy(() -> store("").pull("hf.co/nobody/Missing-GGUF:Q4_K_M", PullProgress.silent()))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("repository 'nobody/Missing-GGUF' not found on " + hub.endpoint());
    }

    @Test
    void aliasPullsTheCatalogueRepository() {
        publishQwen();
        ModelManifest m = store("").pull("qwen3:0.6b", PullProgress.silent());
        assertThat(m.name()).isEqualTo("qwen3:0.6b");
        assertThat(m.repo()).isEqualTo(REPO);
        assertThat(m.files().getFirst().name()).isEqualTo(Q8);
        assertThat(store("").locate("qwen3:0.6b")).isPresent();
    }

    @Test
    void gatedRepositoryNeedsHfTokenAndTheTokenStaysOffTheCdn() {
        publishQwen();
        hub.gate(REPO, "hf_secret");
        assertThatThrownBy(() -> store("").pull("qwen3:0.6b", PullProgress.silent()))
                .hasMessageContaining("gated").hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> store("hf_wrong").pull("qwen3:0.6b", PullProgress.silent()))
                .hasMessageContaining("the Hub refused HF_TOKEN");

        store("hf_secret").pull("qwen3:0.6b", PullProgress.silent());

        assertThat(hub.requests()).filteredOn(r -> r.server().equals("hub")).last()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer hf_secret"));
        assertThat(hub.requests()).filteredOn(r -> r.server().equals("cdn"))
                .singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
    }

    @Test
    void concurrentPullsOfOneModelProduceOneGoodBlob() throws Exception {
        publishQwen();
        hub.slowDown(java.time.Duration.ofMillis(5));
        ModelStore store = store("");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = Stream.generate(() -> pool.submit(() -> store.pull("qwen3:0.6b", PullProgress.silent()))).limit(4).toList();
            for (var f : futures) assertThat(f.get().files().getFirst().sha256()).isEqualTo(hub.sha256Of(REPO, Q8));
        } finally {
            pool.shutdownNow();
        }
        assertThat(hub.count(r -> r.server().equals("cdn"))).isEqualTo(1);
        try (var blobs = Files.list(home.resolve("models/blobs"))) {
            assertThat(blobs.toList()).singleElement().satisfies(b -> assertThat(b).hasBinaryContent(q8));
        }
        assertThat(store.names()).containsExactly("qwen3:0.6b");
    }

    @Test
    void defaultModelIsPulledIntoAnEmptyStoreAndOfflineIsAnAnswerNotAnError() {
        publishQwen();
        assertThat(DefaultModel.ensure(store(""), PullProgress.silent()))
                .isInstanceOfSatisfying(DefaultModel.Outcome.Pulled.class, p -> assertThat(p.manifest().name()).isEqualTo("qwen3:0.6b"));
        assertThat(DefaultModel.ensure(store(""), PullProgress.silent())).isInstanceOf(DefaultModel.Outcome.AlreadyStored.class);

        String dead = hub.endpoint().toString();
        hub.close();
        ModelStore offline = new ModelStore(new StorePaths(home.resolve("other")),
                HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", dead)), ModelCatalogue.builtIn());
        assertThat(DefaultModel.ensure(offline, PullProgress.silent()))
                .isInstanceOfSatisfying(DefaultModel.Outcome.Unavailable.class, u -> assertThat(u.reason())
                        .isEqualTo("offline: could not reach " + dead + " (connection refused); serving the other tiers"));
    }
}
