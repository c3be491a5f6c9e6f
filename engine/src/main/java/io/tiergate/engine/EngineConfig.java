package io.tiergate.engine;

import java.time.Duration;

/**
 * Configuration of the in-process engine (YAML keys in kebab-case).
 *
 * @param threads            kernel threads per model (threads)
 * @param contextLength      tokens per sequence, capped at each model's trained context (context-length)
 * @param parallel           sequences of one model decoded together in each batch (parallel)
 * @param maxQueued          requests that may wait for a free sequence slot before new ones get 503 (max-queued)
 * @param keepAlive          how long an idle model stays loaded; negative keeps it forever (keep-alive)
 * @param memoryBudgetBytes  weights + KV caches of all resident models must fit; 0 = 75% of RAM (memory-budget-bytes)
 * @param loadWait           how long a model that does not fit the budget waits for busy models to become idle
 *                           (and be unloaded) before its request gets 503 + Retry-After; 0 = do not wait (load-wait)
 */
public record EngineConfig(int threads, int contextLength, int parallel, int maxQueued, Duration keepAlive,
                           long memoryBudgetBytes, Duration loadWait) {

    /** {@link #loadWait()} when none is configured. */
    public static final Duration DEFAULT_LOAD_WAIT = Duration.ofSeconds(30);

    public EngineConfig {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (contextLength < 16) throw new IllegalArgumentException("context-length must be at least 16, got " + contextLength);
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        if (maxQueued < 0) throw new IllegalArgumentException("max-queued must not be negative, got " + maxQueued);
        if (keepAlive == null) throw new IllegalArgumentException("keep-alive is required");
        if (memoryBudgetBytes < 0) throw new IllegalArgumentException("memory-budget-bytes must not be negative, got " + memoryBudgetBytes);
        if (loadWait == null) throw new IllegalArgumentException("load-wait is required");
        if (loadWait.isNegative()) throw new IllegalArgumentException("load-wait must not be negative, got " + loadWait);
    }

    /** The configuration before {@code load-wait} existed: waits {@link #DEFAULT_LOAD_WAIT}. */
    public EngineConfig(int threads, int contextLength, int parallel, int maxQueued, Duration keepAlive, long memoryBudgetBytes) {
        this(threads, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes, DEFAULT_LOAD_WAIT);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 4096, 4, 32,
                Duration.ofMinutes(5), 0, DEFAULT_LOAD_WAIT);
    }

    public EngineConfig withThreads(int n) {
        return new EngineConfig(n, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes, loadWait);
    }

    public EngineConfig withLoadWait(Duration wait) {
        return new EngineConfig(threads, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes, wait);
    }

    /** The budget in bytes, resolving 0 to 75% of physical memory. */
    public long effectiveMemoryBudget() {
        if (memoryBudgetBytes > 0) return memoryBudgetBytes;
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : Runtime.getRuntime().maxMemory();
        return total / 4 * 3;
    }
}
