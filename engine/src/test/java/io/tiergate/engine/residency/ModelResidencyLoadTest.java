package io.tiergate.engine.residency;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.gguf.GgufFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tiergate.engine.residency.TinyModelFiles.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loads run outside the residency lock: resident models stay available while another loads, one name
 * loads once however many ask for it, a failed load reaches all of them and leaves nothing behind, and
 * loads in flight count against the budget together.
 */
class ModelResidencyLoadTest {

    private static final EngineConfig ROOMY = config(0, Duration.ofSeconds(20));

    @TempDir
    static Path dir;
    static TinyModelFiles files;

    @BeforeAll
    static void writeFiles() {
        files = TinyModelFiles.write(dir);
    }

    /**
     * Two acquires of {@code name} while its load is held at a gate: the first loads, the second is
     * seen parked waiting for that load; then the gate opens.
     */
    private static List<BackgroundAcquire> twoAcquiresOfOneLoad(ModelResidency r, LatchedModelLocator locator, String name)
            throws InterruptedException {
        LatchedModelLocator.Gate load = LatchedModelLocator.Gate.expecting(1);
        locator.hold(name, load);
        BackgroundAcquire first = BackgroundAcquire.start(r, name);
        load.awaitEntered();
        BackgroundAcquire second = BackgroundAcquire.start(r, name).awaitParked(Thread.State.WAITING);
        load.open();
        return List.of(first, second);
    }

    @Test
    void aResidentModelIsLeasedAtOnceWhileAnotherModelLoads() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("a", files.a(), "c", files.c()));
        try (ModelResidency r = new ModelResidency(locator, ROOMY, InProcessBackend.chatMlOnly())) {
            r.acquire("a", Optional.empty()).orElseThrow().close();
            LatchedModelLocator.Gate slowLoad = LatchedModelLocator.Gate.expecting(1);
            locator.hold("c", slowLoad);
            BackgroundAcquire acquireC = BackgroundAcquire.start(r, "c");
            slowLoad.awaitEntered();

            CompletableFuture<ModelResidency.Lease> leaseA = CompletableFuture.supplyAsync(() -> r.acquire("a", Optional.empty()).orElseThrow());
            try (ModelResidency.Lease l = leaseA.get(10, TimeUnit.SECONDS)) {
                assertThat(l.model().name()).isEqualTo("a");
            }
            assertThat(acquireC.outcome()).isNotDone();

            slowLoad.open();
            try (ModelResidency.Lease l = acquireC.lease()) {
                assertThat(l.model().name()).isEqualTo("c");
            }
            assertThat(r.residentNames()).containsExactlyInAnyOrder("a", "c");
        }
    }

    @Test
    void concurrentAcquiresOfOneModelLoadItOnce() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("a", files.a()));
        try (ModelResidency r = new ModelResidency(locator, ROOMY, InProcessBackend.chatMlOnly())) {
            List<BackgroundAcquire> both = twoAcquiresOfOneLoad(r, locator, "a");
            try (ModelResidency.Lease l1 = both.get(0).lease(); ModelResidency.Lease l2 = both.get(1).lease()) {
                assertThat(l2.model()).isSameAs(l1.model());
            }
            assertThat(locator.lookups("a")).isEqualTo(1);
            assertThat(r.residentNames()).containsExactly("a");
        }
    }

    /**
     * With keep-alive 0 the loader's lease unloads the model the moment it closes. An acquirer that waited
     * for that load must still get the model it waited for — not find it gone and load the file again (it
     * used to lease on a second round, and lost the race to the loader's unload in most rounds).
     */
    @Test
    void aWaiterGetsTheModelItWaitedForEvenWhenTheLoaderUnloadsItAtOnce() throws Exception {
        EngineConfig unloadAtOnce = new EngineConfig(1, TinyModelFiles.CONTEXT, 1, 0, Duration.ZERO, 0, Duration.ofSeconds(20));
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("a", files.a()));
        int rounds = 20;
        try (ModelResidency r = new ModelResidency(locator, unloadAtOnce, InProcessBackend.chatMlOnly())) {
            for (int i = 0; i < rounds; i++) {
                LatchedModelLocator.Gate load = LatchedModelLocator.Gate.expecting(1);
                locator.hold("a", load);
                // the loader releases its lease on its own thread right away, as a short request would
                CompletableFuture<Void> loader = CompletableFuture.runAsync(() -> r.acquire("a", Optional.empty()).orElseThrow().close());
                load.awaitEntered();
                BackgroundAcquire waiter = BackgroundAcquire.start(r, "a").awaitParked(Thread.State.WAITING);
                load.open();
                loader.get(10, TimeUnit.SECONDS);
                try (ModelResidency.Lease l = waiter.lease()) {
                    assertThat(l.model().model().path()).isEqualTo(files.a());
                    assertThat(r.residentNames()).containsExactly("a"); // its lease keeps it loaded
                }
                assertThat(r.residentNames()).isEmpty(); // keep-alive 0: gone with the last lease
            }
            assertThat(locator.lookups("a")).as("loads of 'a' in %d rounds of one load each", rounds).isEqualTo(rounds);
        }
    }

    @Test
    void aFailedLoadReachesEveryWaiterAndTheNextAcquireTriesAgain() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("x", files.corrupt()));
        try (ModelResidency r = new ModelResidency(locator, ROOMY, InProcessBackend.chatMlOnly())) {
            for (BackgroundAcquire waiter : twoAcquiresOfOneLoad(r, locator, "x")) {
                assertThat(waiter.error()).isInstanceOf(GgufFormatException.class)
                        .hasMessageContaining("corrupt.gguf").hasMessageContaining("truncated");
            }
            assertThat(locator.lookups("x")).isEqualTo(1);
            assertThat(r.residentNames()).isEmpty();

            locator.put("x", files.a()); // the file is repaired: the next acquire loads it afresh
            try (ModelResidency.Lease l = r.acquire("x", Optional.empty()).orElseThrow()) {
                assertThat(l.model().model().path()).isEqualTo(files.a());
            }
            assertThat(locator.lookups("x")).isEqualTo(2);
        }
    }

    @Test
    void everyAcquirerOfAnUnknownNameGetsNothing() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of());
        try (ModelResidency r = new ModelResidency(locator, ROOMY, InProcessBackend.chatMlOnly())) {
            for (BackgroundAcquire waiter : twoAcquiresOfOneLoad(r, locator, "nope")) {
                assertThat(waiter.outcome().get(10, TimeUnit.SECONDS)).isEmpty();
            }
            assertThat(locator.lookups("nope")).isEqualTo(1);
            assertThatThrownBy(() -> r.acquire("nope", Optional.empty()).orElseThrow()).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void twoConcurrentLoadsCannotBothSqueezeIntoRoomForOne() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("b", files.b(), "c", files.c()));
        LatchedModelLocator.Gate both = LatchedModelLocator.Gate.expecting(2);
        locator.hold("b", both);
        locator.hold("c", both);
        long oneModel = files.oneModelBytes();
        try (ModelResidency r = new ModelResidency(locator, config(oneModel + oneModel / 2, Duration.ofSeconds(20)),
                InProcessBackend.chatMlOnly())) {
            BackgroundAcquire acquireB = BackgroundAcquire.start(r, "b");
            BackgroundAcquire acquireC = BackgroundAcquire.start(r, "c");
            both.awaitEntered(); // both loads are in flight, neither has reserved memory yet
            both.open();

            CompletableFuture.anyOf(acquireB.outcome(), acquireC.outcome()).get(10, TimeUnit.SECONDS);
            BackgroundAcquire winner = acquireB.outcome().isDone() ? acquireB : acquireC;
            BackgroundAcquire waiter = winner == acquireB ? acquireC : acquireB;
            ModelResidency.Lease winnerLease = winner.lease();
            waiter.awaitParked(Thread.State.TIMED_WAITING);
            assertThat(r.residentNames()).containsExactly(winnerLease.model().name());

            winnerLease.close();
            try (ModelResidency.Lease l = waiter.lease()) {
                assertThat(r.residentNames()).containsExactly(l.model().name());
                assertThat(l.model().name()).isNotEqualTo(winnerLease.model().name());
            }
        }
    }
}
