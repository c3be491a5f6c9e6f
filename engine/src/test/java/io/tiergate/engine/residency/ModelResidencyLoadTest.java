package io.tiergate.engine.residency;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tiergate.engine.residency.ModelResidencyBudgetTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loads run outside the residency lock: resident models stay available while another loads, one name
 * loads once however many ask for it, a failed load reaches all of them and leaves nothing behind, and
 * loads in flight count against the budget together.
 */
class ModelResidencyLoadTest {

    @TempDir
    static Path dir;
    static Path a;
    static Path b;
    static Path c;
    static Path corrupt;
    static long oneModel;

    @BeforeAll
    static void files() throws Exception {
        a = SyntheticModelWriter.write(dir.resolve("a.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 1);
        b = SyntheticModelWriter.write(dir.resolve("b.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 2);
        c = SyntheticModelWriter.write(dir.resolve("c.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 3);
        corrupt = dir.resolve("corrupt.gguf");
        Files.write(corrupt, Arrays.copyOf(Files.readAllBytes(a), 5000));
        oneModel = Files.size(a) + ModelResidencyBudgetTest.KV_BYTES_PER_TOKEN * ModelResidencyBudgetTest.CONTEXT;
    }

    private static final EngineConfig ROOMY = config(0, Duration.ofSeconds(20));

    @Test
    void aResidentModelIsLeasedAtOnceWhileAnotherModelLoads() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("a", a, "c", c));
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
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("a", a));
        LatchedModelLocator.Gate load = LatchedModelLocator.Gate.expecting(1);
        locator.hold("a", load);
        try (ModelResidency r = new ModelResidency(locator, ROOMY, InProcessBackend.chatMlOnly())) {
            BackgroundAcquire first = BackgroundAcquire.start(r, "a");
            load.awaitEntered();
            BackgroundAcquire second = BackgroundAcquire.start(r, "a").awaitParked(Thread.State.WAITING);
            load.open();
            try (ModelResidency.Lease l1 = first.lease(); ModelResidency.Lease l2 = second.lease()) {
                assertThat(l2.model()).isSameAs(l1.model());
            }
            assertThat(locator.lookups("a")).isEqualTo(1);
            assertThat(r.residentNames()).containsExactly("a");
        }
    }

    @Test
    void aFailedLoadReachesEveryWaiterAndTheNextAcquireTriesAgain() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("x", corrupt));
        LatchedModelLocator.Gate load = LatchedModelLocator.Gate.expecting(1);
        locator.hold("x", load);
        try (ModelResidency r = new ModelResidency(locator, ROOMY, InProcessBackend.chatMlOnly())) {
            BackgroundAcquire first = BackgroundAcquire.start(r, "x");
            load.awaitEntered();
            BackgroundAcquire second = BackgroundAcquire.start(r, "x").awaitParked(Thread.State.WAITING);
            load.open();
            for (Throwable error : new Throwable[] {first.error(), second.error()}) {
                assertThat(error).isInstanceOf(GgufFormatException.class).hasMessageContaining("corrupt.gguf").hasMessageContaining("truncated");
            }
            assertThat(locator.lookups("x")).isEqualTo(1);
            assertThat(r.residentNames()).isEmpty();

            locator.put("x", a); // the file is repaired: the next acquire loads it afresh
            try (ModelResidency.Lease l = r.acquire("x", Optional.empty()).orElseThrow()) {
                assertThat(l.model().model().path()).isEqualTo(a);
            }
            assertThat(locator.lookups("x")).isEqualTo(2);
        }
    }

    @Test
    void twoConcurrentLoadsCannotBothSqueezeIntoRoomForOne() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of("b", b, "c", c));
        LatchedModelLocator.Gate both = LatchedModelLocator.Gate.expecting(2);
        locator.hold("b", both);
        locator.hold("c", both);
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

    @Test
    void everyAcquirerOfAnUnknownNameGetsNothing() throws Exception {
        LatchedModelLocator locator = new LatchedModelLocator(Map.of());
        LatchedModelLocator.Gate lookup = LatchedModelLocator.Gate.expecting(1);
        locator.hold("nope", lookup);
        try (ModelResidency r = new ModelResidency(locator, ROOMY, InProcessBackend.chatMlOnly())) {
            BackgroundAcquire first = BackgroundAcquire.start(r, "nope");
            lookup.awaitEntered();
            BackgroundAcquire second = BackgroundAcquire.start(r, "nope").awaitParked(Thread.State.WAITING);
            lookup.open();
            assertThat(first.outcome().get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(second.outcome().get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(locator.lookups("nope")).isEqualTo(1);
            assertThatThrownBy(() -> r.acquire("nope", Optional.empty()).orElseThrow()).isInstanceOf(java.util.NoSuchElementException.class);
        }
    }
}
