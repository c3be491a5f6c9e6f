package io.tiergate.engine.residency;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.ModelLocator;
import io.tiergate.engine.backend.PromptRenderer;
import io.tiergate.engine.generate.BatchScheduler;
import io.tiergate.engine.generate.EngineStoppedException;
import io.tiergate.engine.generate.EngineOverloadedException;
import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.model.Model;
import io.tiergate.engine.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Which models are loaded, like a good local server: a model loads on first use, stays while used and
 * for its keep-alive after, and idle models are unloaded least-recently-used first when a new one
 * would not fit the memory budget. When the models in the way are busy, the new one waits for their
 * leases to be released, up to engine.load-wait, then fails with 503. A model larger than the whole
 * budget still loads when nothing else is resident (refusing would make it unusable). KV caches live on
 * the Java heap: a model decodes as many sequences at once as the heap's KV allowance holds (at most
 * engine.parallel), and one whose single full-context cache does not fit is refused
 * ({@link KvCacheExceedsHeapException}).
 *
 * <p>Loads run outside the lock: while one model maps its file and builds its tokenizer, requests for
 * resident models are served at once. Each name has at most one load in flight; other acquirers of
 * the name wait for it and get its outcome, error included. A load reserves its memory before it
 * builds anything, so concurrent loads are counted against the budget together.
 */
public final class ModelResidency implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModelResidency.class.getName());

    /** A model in use; close it to release it. */
    public interface Lease extends AutoCloseable {
        ResidentModel model();

        @Override
        void close();
    }

    private final ModelLocator locator;
    private final EngineConfig config;
    private final BiFunction<GgufMetadata, Tokenizer, PromptRenderer> renderers;
    private final MemoryBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when memory may have become free: a lease released, a model unloaded, a load failed, shutdown. */
    private final Condition memoryChanged = lock.newCondition();
    private final Map<String, ResidentModel> resident = new LinkedHashMap<>();
    private final Map<String, PendingLoad> loading = new HashMap<>();
    private final ScheduledExecutorService reaper;
    private boolean closed;

    /** @param renderers a loaded model's chat template, from its metadata and tokenizer (called once per load) */
    public ModelResidency(ModelLocator locator, EngineConfig config, BiFunction<GgufMetadata, Tokenizer, PromptRenderer> renderers) {
        this(locator, config, renderers, KvHeapAllowance.ofThisJvm());
    }

    /** @param heap the heap the KV caches must fit (this JVM's in production; smaller in tests) */
    ModelResidency(ModelLocator locator, EngineConfig config, BiFunction<GgufMetadata, Tokenizer, PromptRenderer> renderers,
                          KvHeapAllowance heap) {
        this.locator = locator;
        this.renderers = renderers;
        this.config = config;
        this.budget = new MemoryBudget(config.effectiveMemoryBudget(), heap);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tiergate-keep-alive").unstarted(r));
        // a failed round must not end keep-alive expiry: a periodic task that throws is never run again
        reaper.scheduleWithFixedDelay(() -> {
            try {
                unloadExpired();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "unloading expired models failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    public List<String> available() {
        return locator.names();
    }

    public List<String> residentNames() {
        lock.lock();
        try {
            return List.copyOf(resident.keySet());
        } finally {
            lock.unlock();
        }
    }

    public Optional<Path> locate(String name) {
        return locator.locate(name);
    }

    /**
     * Loads (if needed) and leases {@code name}; empty when the locator does not know it. Throws
     * {@link EngineOverloadedException} when no room frees up within engine.load-wait, and the load's
     * own error (e.g. a corrupt file) to every acquirer that waited for that load.
     */
    public Optional<Lease> acquire(String name, Optional<Duration> keepAlive) {
        Duration ka = keepAlive.orElse(config.keepAlive());
        PendingLoad pending;
        boolean mine = false;
        lock.lock();
        try {
            if (closed) throw new EngineStoppedException("the engine is shut down");
            ResidentModel m = resident.get(name);
            if (m != null) {
                m.acquire(ka);
                return Optional.of(lease(m, ka));
            }
            pending = loading.get(name);
            if (pending == null) {
                pending = new PendingLoad(name);
                loading.put(name, pending);
                mine = true;
            } else {
                pending.join(); // the load counts this use for us when it registers the model
            }
        } finally {
            lock.unlock();
        }
        if (mine) return load(pending, ka).map(m -> lease(m, ka));
        // already in use on our behalf: neither the loader's keep-alive 0 nor another load's eviction can take it first
        return pending.await(this::releaseUnwanted).map(m -> {
            m.renew(ka);
            return lease(m, ka);
        });
    }

    /** A use counted for a waiter that stopped waiting (interrupted): released as its lease would have been. */
    private void releaseUnwanted(ResidentModel m) {
        m.release();
        signalMemoryChanged();
    }

    private Lease lease(ResidentModel leased, Duration ka) {
        return new Lease() {
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
                signalMemoryChanged();
                if (ka.isZero()) unloadExpired();
            }
        };
    }

    /** Runs on the acquirer that registered {@code pending}; completes it for everyone waiting. */
    private Optional<ResidentModel> load(PendingLoad pending, Duration ka) {
        String name = pending.name();
        Model model = null;
        ResidentModel built = null;
        try {
            Optional<Path> path = locator.locate(name);
            if (path.isEmpty()) {
                finish(pending, Optional.empty());
                return Optional.empty();
            }
            model = Model.load(path.get(), config.threads()); // maps the file: the weights are not read yet
            KvCacheFootprint kv = budget.fitToHeap(name, KvCacheFootprint.of(model.config(), config));
            reserveRoom(pending, new MemoryCharge(model.fileBytes(), kv.bytes()));
            Tokenizer tokenizer = Tokenizer.fromGguf(model.metadata());
            PromptRenderer renderer = renderers.apply(model.metadata(), tokenizer);
            built = new ResidentModel(name, model, tokenizer, renderer, new BatchScheduler(model, kv.parallel(), config.maxQueued()),
                    pending.reserved().orElseThrow(), ka);
            model = null; // the resident model owns it now
            register(pending, built, ka);
            return Optional.of(built);
        } catch (RuntimeException | Error e) {
            if (built != null) built.close();
            if (model != null) model.close();
            fail(pending, e);
            throw e;
        }
    }

    /**
     * Waits until {@code charge} fits next to the resident models and the reservations of other loads,
     * unloading idle models least recently used first; past engine.load-wait, a 503.
     */
    private void reserveRoom(PendingLoad pending, MemoryCharge charge) {
        List<ResidentModel> evicted = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + config.loadWait().toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) throw new EngineStoppedException("the engine is shut down");
                List<MemoryCharge> held = heldExcept(pending, m -> true);
                if (budget.fits(charge, held) || held.isEmpty()) break; // alone it loads even over the budget
                Optional<ResidentModel> lru = resident.values().stream().filter(ResidentModel::idle)
                        .min(Comparator.comparing(ResidentModel::lastUsed));
                // evict only when unloading every idle model would make room: while busy ones block the load
                // anyway, idle models stay usable until the wait can end
                List<MemoryCharge> busy = heldExcept(pending, m -> !m.idle());
                if (lru.isPresent() && (budget.fits(charge, busy) || busy.isEmpty())) {
                    resident.remove(lru.get().name());
                    evicted.add(lru.get());
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw budget.noRoom(pending.name(), charge, holdersExcept(pending), Duration.ofNanos(System.nanoTime() - start));
                }
                try {
                    memoryChanged.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while model '" + pending.name() + "' waited for memory", e);
                }
            }
            pending.reserve(charge);
        } finally {
            lock.unlock();
            for (ResidentModel m : evicted) m.close(); // outside the lock: joins the model's batch thread
        }
    }

    /** The charges of the resident models {@code counted} selects and of the other loads' reservations. */
    private List<MemoryCharge> heldExcept(PendingLoad self, Predicate<ResidentModel> counted) {
        List<MemoryCharge> held = new ArrayList<>();
        for (ResidentModel m : resident.values()) if (counted.test(m)) held.add(m.charge());
        for (PendingLoad p : loading.values()) if (p != self) p.reserved().ifPresent(held::add);
        return held;
    }

    private List<MemoryBudget.Holder> holdersExcept(PendingLoad self) {
        List<MemoryBudget.Holder> holders = new ArrayList<>();
        for (ResidentModel m : resident.values()) {
            int users = m.users();
            holders.add(new MemoryBudget.Holder(m.name(), m.charge(), users == 1 ? "1 request" : users + " requests"));
        }
        for (PendingLoad p : loading.values()) {
            if (p != self) p.reserved().ifPresent(c -> holders.add(new MemoryBudget.Holder(p.name(), c, "loading")));
        }
        return holders;
    }

    private void register(PendingLoad pending, ResidentModel m, Duration ka) {
        lock.lock();
        try {
            if (closed) throw new EngineStoppedException("the engine is shut down");
            loading.remove(pending.name());
            resident.put(pending.name(), m);
            m.acquire(ka); // leased before anyone can see it idle
            m.addUsers(pending.waiters()); // and for each acquirer that waited for it
        } finally {
            lock.unlock();
        }
        pending.succeed(Optional.of(m));
    }

    private void finish(PendingLoad pending, Optional<ResidentModel> outcome) {
        lock.lock();
        try {
            loading.remove(pending.name(), pending);
        } finally {
            lock.unlock();
        }
        pending.succeed(outcome);
    }

    /** Forgets the load (and its reservation) so the next acquire tries again, then tells its waiters. */
    private void fail(PendingLoad pending, Throwable error) {
        lock.lock();
        try {
            loading.remove(pending.name(), pending);
            memoryChanged.signalAll();
        } finally {
            lock.unlock();
        }
        pending.fail(error);
    }

    private void signalMemoryChanged() {
        lock.lock();
        try {
            memoryChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void unloadExpired() {
        Instant now = Instant.now();
        List<ResidentModel> expired = new ArrayList<>();
        lock.lock();
        try {
            for (ResidentModel m : List.copyOf(resident.values())) {
                if (m.expired(now)) {
                    resident.remove(m.name());
                    expired.add(m);
                }
            }
            if (!expired.isEmpty()) memoryChanged.signalAll();
        } finally {
            lock.unlock();
        }
        for (ResidentModel m : expired) m.close();
    }

    @Override
    public void close() {
        List<ResidentModel> all;
        lock.lock();
        try {
            closed = true;
            all = List.copyOf(resident.values());
            resident.clear();
            memoryChanged.signalAll();
        } finally {
            lock.unlock();
        }
        reaper.shutdownNow();
        for (ResidentModel m : all) m.close();
    }
}
