package io.tiergate.engine.residency;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A load in flight: the one thread loading {@code name} completes it, every other acquirer of the name
 * waits for it (so one file is never loaded twice), and its memory is reserved once room is found so
 * two concurrent loads cannot both squeeze into the same room. The outcome is empty when the locator
 * does not know the name; a failed load completes it with the load's error. A loaded model comes to each
 * waiter already in use on its behalf ({@link #waiters}), so it cannot be unloaded or evicted before the
 * waiter wakes up to lease it.
 */
final class PendingLoad {

    private final String name;
    private final CompletableFuture<Optional<ResidentModel>> outcome = new CompletableFuture<>();
    /** Set once room is found; guarded by the residency lock. */
    private Optional<MemoryCharge> reserved = Optional.empty();
    /** Acquirers waiting for this load; guarded by the residency lock. */
    private int waiters;

    PendingLoad(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    Optional<MemoryCharge> reserved() {
        return reserved;
    }

    /** Counts one more acquirer waiting; called under the residency lock while the load is registered. */
    void join() {
        waiters++;
    }

    /** Acquirers waiting; read under the residency lock when the model is registered (no one joins after). */
    int waiters() {
        return waiters;
    }

    void reserve(MemoryCharge charge) {
        reserved = Optional.of(charge);
    }

    void succeed(Optional<ResidentModel> model) {
        outcome.complete(model);
    }

    void fail(Throwable error) {
        outcome.completeExceptionally(error);
    }

    /**
     * Waits for the loading thread; throws the load's own error. A model returned is already in use for
     * this waiter; one that loads after the wait was interrupted is handed to {@code unwanted} instead.
     */
    Optional<ResidentModel> await(Consumer<ResidentModel> unwanted) {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException("loading model '" + name + "' failed: " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            outcome.thenAccept(loaded -> loaded.ifPresent(unwanted)); // its use was counted: give it back
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for model '" + name + "' to load", e);
        }
    }
}
