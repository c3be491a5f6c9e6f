package io.tiergate.engine.residency;

import io.tiergate.engine.ModelLocator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model locator for residency tests: names map to files (changeable while running), every lookup is
 * counted (one lookup = one load), and a name can be held at a {@link Gate} so its load is in flight
 * for as long as the test wants — the locator is consulted by the loading thread outside any lock.
 */
final class LatchedModelLocator implements ModelLocator {

    /** Lookups that arrive count down {@code entered}, then wait for {@code proceed} (at most 30 s). */
    record Gate(CountDownLatch entered, CountDownLatch proceed) {
        static Gate expecting(int lookups) {
            return new Gate(new CountDownLatch(lookups), new CountDownLatch(1));
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.await(10, TimeUnit.SECONDS)) throw new AssertionError("the gated loads did not start within 10 s");
        }

        void open() {
            proceed.countDown();
        }
    }

    private final Map<String, Path> models = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    LatchedModelLocator(Map<String, Path> models) {
        this.models.putAll(models);
    }

    void put(String name, Path file) {
        models.put(name, file);
    }

    /** Holds every later lookup of {@code name} at {@code gate}. */
    void hold(String name, Gate gate) {
        gates.put(name, gate);
    }

    int lookups(String name) {
        return lookups.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    @Override
    public Optional<Path> locate(String name) {
        lookups.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        Gate gate = gates.get(name);
        if (gate != null) {
            gate.entered().countDown();
            try {
                if (!gate.proceed().await(30, TimeUnit.SECONDS)) throw new IllegalStateException("gate for '" + name + "' never opened");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public List<String> names() {
        return List.copyOf(new TreeSet<>(models.keySet()));
    }
}
