package io.tiergate.engine.residency;

import io.tiergate.engine.generate.BatchScheduler;
import io.tiergate.engine.model.Model;
import io.tiergate.engine.tokenizer.Tokenizer;

import java.time.Duration;
import java.time.Instant;

/**
 * A model loaded for serving: its weights, tokenizer, batch scheduler and what it is charged against
 * the memory budget (file + the most its KV caches can take, {@link KvCacheFootprint}). Its expiry
 * moves with each use: {@code lastUsed} + the keep-alive of its latest lease.
 */
public final class ResidentModel implements AutoCloseable {

    private final String name;
    private final Model model;
    private final Tokenizer tokenizer;
    private final BatchScheduler scheduler;
    private final io.tiergate.engine.backend.PromptRenderer renderer;
    private final MemoryCharge charge;
    private volatile Instant lastUsed;
    private volatile Duration keepAlive;
    private int users;

    ResidentModel(String name, Model model, Tokenizer tokenizer, io.tiergate.engine.backend.PromptRenderer renderer,
                  BatchScheduler scheduler, MemoryCharge charge, Duration keepAlive) {
        this.renderer = renderer;
        this.name = name;
        this.model = model;
        this.tokenizer = tokenizer;
        this.scheduler = scheduler;
        this.charge = charge;
        this.keepAlive = keepAlive;
        this.lastUsed = Instant.now();
    }

    public String name() { return name; }

    public Model model() { return model; }

    public Tokenizer tokenizer() { return tokenizer; }

    public BatchScheduler scheduler() { return scheduler; }

    /** The model's chat template (resolved once, at load). */
    public io.tiergate.engine.backend.PromptRenderer renderer() { return renderer; }

    /** Bytes charged against the memory budget: weights + KV caches. */
    public long chargedBytes() { return charge.totalBytes(); }

    public MemoryCharge charge() { return charge; }

    public Instant lastUsed() { return lastUsed; }

    synchronized void acquire(Duration keepAliveForThisUse) {
        users++;
        keepAlive = keepAliveForThisUse;
        lastUsed = Instant.now();
    }

    /** Counts {@code n} more users, for acquirers that waited for this load (their leases start with {@link #renew}). */
    synchronized void addUsers(int n) {
        users += n;
    }

    /** A use counted by {@link #addUsers} begins: its keep-alive applies from now. */
    synchronized void renew(Duration keepAliveForThisUse) {
        keepAlive = keepAliveForThisUse;
        lastUsed = Instant.now();
    }

    synchronized void release() {
        users--;
        lastUsed = Instant.now();
    }

    synchronized boolean idle() {
        return users == 0;
    }

    /** Leases not yet released. */
    synchronized int users() {
        return users;
    }

    /** True when idle longer than its keep-alive (never for a negative keep-alive). */
    synchronized boolean expired(Instant now) {
        if (users > 0 || keepAlive.isNegative()) return false;
        return !now.isBefore(lastUsed.plus(keepAlive));
    }

    @Override
    public void close() {
        scheduler.close();
        model.close();
    }
}
