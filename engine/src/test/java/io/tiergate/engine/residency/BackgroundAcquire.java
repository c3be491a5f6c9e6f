package io.tiergate.engine.residency;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link ModelResidency#acquire} on a thread of its own, so a test can see it wait (its thread parked)
 * and then see it finish — every wait bounded, so a bug fails the test instead of hanging it.
 */
record BackgroundAcquire(Thread thread, CompletableFuture<Optional<ModelResidency.Lease>> outcome) {

    static BackgroundAcquire start(ModelResidency residency, String name) {
        CompletableFuture<Optional<ModelResidency.Lease>> outcome = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name("acquire-" + name).start(() -> {
            try {
                outcome.complete(residency.acquire(name, Optional.empty()));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        return new BackgroundAcquire(t, outcome);
    }

    /** Waits (10 s at most) until the thread is parked in one of {@code states}, still acquiring. */
    BackgroundAcquire awaitParked(Thread.State... states) {
        Set<Thread.State> wanted = Set.of(states);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!wanted.contains(thread.getState())) {
            if (outcome.isDone()) throw new AssertionError("acquire finished instead of waiting: " + outcome);
            if (System.nanoTime() > deadline) throw new AssertionError("acquire never waited; its thread is " + thread.getState());
            Thread.onSpinWait();
        }
        return this;
    }

    /** The lease, within 10 s. */
    ModelResidency.Lease lease() throws Exception {
        return outcome.get(10, TimeUnit.SECONDS).orElseThrow();
    }

    /** The acquire's error, within 10 s. */
    Throwable error() throws Exception {
        try {
            Optional<ModelResidency.Lease> lease = outcome.get(10, TimeUnit.SECONDS);
            throw new AssertionError("acquire succeeded: " + lease);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }
}
