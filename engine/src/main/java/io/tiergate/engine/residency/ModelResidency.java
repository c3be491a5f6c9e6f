package io.tiergate.engine.residency;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.ModelLocator;
import io.tiergate.engine.generate.BatchScheduler;
import io.tiergate.engine.model.Model;
import io.tiergate.engine.model.ModelConfig;
import io.tiergate.engine.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which models are loaded, like a good local server: a model loads on first use, stays while used and
 * for its keep-alive after, and idle models are unloaded least-recently-used first when a new one
 * would not fit the memory budget. A model larger than the whole budget still loads when nothing else
 * is resident (refusing would make it unusable).
 */
public final class ModelResidency implements AutoCloseable {

    /** A model in use; close it to release it. */
    public interface Lease extends AutoCloseable {
        ResidentModel model();

        @Override
        void close();
    }

    private final ModelLocator locator;
    private final EngineConfig config;
    private final java.util.function.BiFunction<io.tiergate.engine.gguf.GgufMetadata, Tokenizer, io.tiergate.engine.backend.PromptRenderer> renderers;
    private final Map<String, ResidentModel> resident = new LinkedHashMap<>();
    private final ScheduledExecutorService reaper;

    /** @param renderers a loaded model's chat template, from its metadata and tokenizer (called once per load) */
    public ModelResidency(ModelLocator locator, EngineConfig config,
                          java.util.function.BiFunction<io.tiergate.engine.gguf.GgufMetadata, Tokenizer, io.tiergate.engine.backend.PromptRenderer> renderers) {
        this.locator = locator;
        this.renderers = renderers;
        this.config = config;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tiergate-keep-alive").unstarted(r));
        // a failed round must not end keep-alive expiry: a periodic task that throws is never run again
        reaper.scheduleWithFixedDelay(() -> {
            try {
                unloadExpired();
            } catch (RuntimeException e) {
                System.getLogger(ModelResidency.class.getName()).log(System.Logger.Level.WARNING, "unloading expired models failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    public List<String> available() {
        return locator.names();
    }

    public synchronized List<String> residentNames() {
        return List.copyOf(resident.keySet());
    }

    public Optional<Path> locate(String name) {
        return locator.locate(name);
    }

    /** Loads (if needed) and leases {@code name}; empty when the locator does not know it. */
    public Optional<Lease> acquire(String name, Optional<Duration> keepAlive) {
        Duration ka = keepAlive.orElse(config.keepAlive());
        ResidentModel m;
        synchronized (this) {
            m = resident.get(name);
            if (m == null) {
                Optional<Path> path = locator.locate(name);
                if (path.isEmpty()) return Optional.empty();
                m = load(name, path.get(), ka);
            }
            m.acquire(ka);
        }
        ResidentModel leased = m;
        return Optional.of(new Lease() {
            private boolean closed;

            @Override
            public ResidentModel model() {
                return leased;
            }

            @Override
            public void close() {
                if (closed) return;
                closed = true;
                leased.release();
                if (!ka.isNegative() && ka.isZero()) unloadExpired();
            }
        });
    }

    private ResidentModel load(String name, Path path, Duration ka) {
        Model model = Model.load(path, config.threads());
        try {
            ModelConfig c = model.config();
            int ctx = Math.min(config.contextLength(), c.contextLength());
            long kvBytes = 2L * c.layers() * ctx * c.kvDim() * Float.BYTES * config.parallel();
            long charge = model.fileBytes() + kvBytes;
            makeRoom(charge);
            Tokenizer tokenizer = Tokenizer.fromGguf(model.metadata());
            ResidentModel m = new ResidentModel(name, model, tokenizer, renderers.apply(model.metadata(), tokenizer), new BatchScheduler(model, config.parallel(), config.maxQueued()),
                    charge, ka);
            resident.put(name, m);
            return m;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private void makeRoom(long charge) {
        long budget = config.effectiveMemoryBudget();
        while (used() + charge > budget) {
            Optional<ResidentModel> lru = resident.values().stream().filter(ResidentModel::idle)
                    .min(Comparator.comparing(ResidentModel::lastUsed));
            if (lru.isEmpty()) return;
            unload(lru.get());
        }
    }

    private long used() {
        return resident.values().stream().mapToLong(ResidentModel::chargedBytes).sum();
    }

    private synchronized void unloadExpired() {
        Instant now = Instant.now();
        for (ResidentModel m : List.copyOf(resident.values())) {
            if (m.expired(now)) unload(m);
        }
    }

    private void unload(ResidentModel m) {
        resident.remove(m.name());
        m.close();
    }

    @Override
    public synchronized void close() {
        reaper.shutdownNow();
        for (ResidentModel m : List.copyOf(resident.values())) unload(m);
    }
}
