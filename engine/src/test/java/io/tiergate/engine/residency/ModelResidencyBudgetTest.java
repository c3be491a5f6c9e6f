package io.tiergate.engine.residency;

import io.tiergate.api.ByteSize;
import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.generate.EngineOverloadedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.tiergate.engine.residency.TinyModelFiles.CONTEXT;
import static io.tiergate.engine.residency.TinyModelFiles.KV_BYTES_PER_TOKEN;
import static io.tiergate.engine.residency.TinyModelFiles.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The memory budget and the heap's KV allowance hold while the models in the way are busy. */
class ModelResidencyBudgetTest {

    @TempDir
    static Path dir;
    static TinyModelFiles files;
    static long oneModel;

    @BeforeAll
    static void writeFiles() {
        files = TinyModelFiles.write(dir);
        oneModel = files.oneModelBytes();
    }

    static ModelResidency residency(EngineConfig config) {
        return new ModelResidency(new LatchedModelLocator(Map.of("a", files.a(), "b", files.b())), config, InProcessBackend.chatMlOnly());
    }

    @Test
    void aModelThatDoesNotFitWaitsUntilTheBusyModelIsReleasedThenEvictsIt() throws Exception {
        try (ModelResidency r = residency(config(oneModel + oneModel / 2, Duration.ofSeconds(20)))) {
            ModelResidency.Lease leaseA = r.acquire("a", Optional.empty()).orElseThrow();
            BackgroundAcquire acquireB = BackgroundAcquire.start(r, "b").awaitParked(Thread.State.TIMED_WAITING);
            assertThat(r.residentNames()).containsExactly("a");
            assertThat(acquireB.outcome()).isNotDone();

            leaseA.close();
            try (ModelResidency.Lease leaseB = acquireB.lease()) {
                assertThat(leaseB.model().name()).isEqualTo("b");
                assertThat(r.residentNames()).containsExactly("b");
            }
        }
    }

    @Test
    void pastTheLoadWaitTheRequestIsOverloadedNamingTheModelItsSizeTheBudgetAndTheBusyModels() throws Exception {
        long budget = oneModel + oneModel / 2;
        try (ModelResidency r = residency(config(budget, Duration.ofMillis(200)))) {
            ModelResidency.Lease leaseA = r.acquire("a", Optional.empty()).orElseThrow();
            assertThatThrownBy(() -> r.acquire("b", Optional.empty()))
                    .isInstanceOfSatisfying(EngineOverloadedException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.headers()).containsKey("Retry-After");
                        assertThat(e.retryAfter()).isPositive();
                    })
                    .hasMessageContaining("model 'b' needs " + ByteSize.format(oneModel))
                    .hasMessageContaining("memory budget (engine.memory-budget-bytes) is " + ByteSize.format(budget))
                    .hasMessageContaining("'a' " + ByteSize.format(oneModel) + " (1 request)")
                    .hasMessageContaining("engine.load-wait");
            assertThat(r.residentNames()).containsExactly("a");

            leaseA.close(); // nothing of b's failed load is left: it loads now
            try (ModelResidency.Lease leaseB = r.acquire("b", Optional.empty()).orElseThrow()) {
                assertThat(r.residentNames()).containsExactly("b");
            }
        }
    }

    @Test
    void idleModelsAreNotEvictedWhileBusyOnesWouldStillBlockTheLoad(@TempDir Path tmp) throws Exception {
        var t = io.tiergate.testkit.gguf.SyntheticModelShape.tiny("llama");
        // the tiny shape with a vocabulary 16 times larger: the same KV cache, a much larger file
        Path big = io.tiergate.testkit.gguf.SyntheticModelWriter.write(tmp.resolve("big.gguf"), new io.tiergate.testkit.gguf.SyntheticModelShape(
                t.architecture(), t.dim(), t.layers(), t.heads(), t.kvHeads(), t.headDim(), t.ffnDim(), 16 * t.vocabSize(),
                t.contextLength(), t.ropeBase(), t.rmsEps(), t.tiedEmbeddings(), t.slidingWindow()), io.tiergate.testkit.gguf.GgufTensorType.Q8_0, 5);
        long bigCharge = java.nio.file.Files.size(big) + KV_BYTES_PER_TOKEN * CONTEXT;
        long budget = 2 * oneModel + oneModel / 4; // a and b fit together; a and big do not
        assertThat(oneModel + bigCharge).isGreaterThan(budget);
        var locator = new LatchedModelLocator(Map.of("a", files.a(), "b", files.b(), "big", big));
        try (ModelResidency r = new ModelResidency(locator, config(budget, Duration.ofMillis(150)), InProcessBackend.chatMlOnly())) {
            ModelResidency.Lease leaseA = r.acquire("a", Optional.empty()).orElseThrow();
            r.acquire("b", Optional.empty()).orElseThrow().close(); // b resident and idle
            assertThatThrownBy(() -> r.acquire("big", Optional.empty())).isInstanceOf(EngineOverloadedException.class);
            // unloading b could not have made room while a is busy: b is still there to serve
            assertThat(r.residentNames()).containsExactlyInAnyOrder("a", "b");
            leaseA.close();
            try (ModelResidency.Lease leaseBig = r.acquire("big", Optional.empty()).orElseThrow()) {
                assertThat(r.residentNames()).containsExactly("big");
            }
        }
    }

    @Test
    void aModelLargerThanTheWholeBudgetLoadsAloneButWaitsForABusyOne() throws Exception {
        try (ModelResidency r = residency(config(1, Duration.ofMillis(100)))) {
            ModelResidency.Lease leaseA = r.acquire("a", Optional.empty()).orElseThrow();
            assertThat(r.residentNames()).containsExactly("a");
            assertThatThrownBy(() -> r.acquire("b", Optional.empty())).isInstanceOf(EngineOverloadedException.class);

            leaseA.close();
            try (ModelResidency.Lease leaseB = r.acquire("b", Optional.empty()).orElseThrow()) {
                assertThat(r.residentNames()).containsExactly("b");
            }
        }
    }

    @Test
    void aModelDecodesAsManySequencesAtOnceAsTheHeapHoldsTheirFullContextCaches() {
        long kvOfOne = KV_BYTES_PER_TOKEN * CONTEXT;
        // a KV allowance of two and a half full contexts: engine.parallel 4 becomes 2, charged as 2
        KvHeapAllowance heap = new KvHeapAllowance(KvHeapAllowance.MIN_RESERVE_BYTES + 2 * kvOfOne + kvOfOne / 2);
        EngineConfig four = new EngineConfig(1, CONTEXT, 4, 0, Duration.ofMinutes(5), Long.MAX_VALUE / 4, Duration.ofSeconds(1));
        try (ModelResidency r = new ModelResidency(new LatchedModelLocator(Map.of("a", files.a())), four, InProcessBackend.chatMlOnly(), heap);
             ModelResidency.Lease lease = r.acquire("a", Optional.empty()).orElseThrow()) {
            assertThat(lease.model().scheduler().parallel()).isEqualTo(2);
            assertThat(lease.model().charge().kvBytes()).isEqualTo(2 * kvOfOne);
        }
        // room for all of them: engine.parallel as configured
        EngineConfig two = new EngineConfig(1, CONTEXT, 2, 0, Duration.ofMinutes(5), Long.MAX_VALUE / 4, Duration.ofSeconds(1));
        try (ModelResidency r = new ModelResidency(new LatchedModelLocator(Map.of("a", files.a())), two, InProcessBackend.chatMlOnly(), heap);
             ModelResidency.Lease lease = r.acquire("a", Optional.empty()).orElseThrow()) {
            assertThat(lease.model().scheduler().parallel()).isEqualTo(2);
            assertThat(lease.model().charge().kvBytes()).isEqualTo(2 * kvOfOne);
        }
    }

    @Test
    void aModelWhoseOneFullContextCacheDoesNotFitTheHeapIsRefusedSayingWhatToChange() {
        long kvOfOne = KV_BYTES_PER_TOKEN * CONTEXT;
        KvHeapAllowance heap = new KvHeapAllowance(KvHeapAllowance.MIN_RESERVE_BYTES + kvOfOne / 2);
        EngineConfig c = new EngineConfig(1, CONTEXT, 4, 0, Duration.ofMinutes(5), Long.MAX_VALUE / 4, Duration.ofSeconds(1));
        try (ModelResidency r = new ModelResidency(new LatchedModelLocator(Map.of("a", files.a())), c, InProcessBackend.chatMlOnly(), heap)) {
            assertThatThrownBy(() -> r.acquire("a", Optional.empty()))
                    .isInstanceOfSatisfying(KvCacheExceedsHeapException.class, e -> assertThat(e.status()).isEqualTo(500))
                    .hasMessageContaining("model 'a'")
                    .hasMessageContaining("even one sequence's KV cache needs up to " + ByteSize.format(kvOfOne))
                    .hasMessageContaining(ByteSize.format(heap.maxHeapBytes()) + " limit")
                    .hasMessageContaining("engine.context-length")
                    .hasMessageContaining("-Xmx")
                    .hasMessageContaining("TIERGATE_JAVA_OPTS");
            assertThat(r.residentNames()).isEmpty();
        }
    }

    @Test
    void kvCachesHeldByABusyModelMakeALoadWaitEvenWellUnderTheBudget() throws Exception {
        long kvOfOne = KV_BYTES_PER_TOKEN * CONTEXT;
        // a heap whose KV allowance (everything above the 64 MiB reserve) holds one model's caches, not two
        KvHeapAllowance heap = new KvHeapAllowance(KvHeapAllowance.MIN_RESERVE_BYTES + kvOfOne + kvOfOne / 2);
        assertThat(heap.kvBytes()).isEqualTo(kvOfOne + kvOfOne / 2);
        EngineConfig c = config(Long.MAX_VALUE / 4, Duration.ofMillis(150));
        try (ModelResidency r = new ModelResidency(new LatchedModelLocator(Map.of("a", files.a(), "b", files.b())), c, InProcessBackend.chatMlOnly(), heap)) {
            ModelResidency.Lease leaseA = r.acquire("a", Optional.empty()).orElseThrow();
            assertThatThrownBy(() -> r.acquire("b", Optional.empty()))
                    .isInstanceOf(EngineOverloadedException.class)
                    .hasMessageContaining("KV caches may take " + ByteSize.format(heap.kvBytes()) + " of the heap with "
                            + ByteSize.format(kvOfOne) + " held");
            leaseA.close();
            try (ModelResidency.Lease leaseB = r.acquire("b", Optional.empty()).orElseThrow()) {
                assertThat(r.residentNames()).containsExactly("b");
            }
        }
    }
}
