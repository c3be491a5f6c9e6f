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
 */
public record EngineConfig(int threads, int contextLength, int parallel, int maxQueued, Duration keepAlive,
                           long memoryBudgetBytes) {

    public EngineConfig {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (contextLength < 16) throw new IllegalArgumentException("context-length must be at least 16, got " + contextLength);
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        if (maxQueued < 0) throw new IllegalArgumentException("max-queued must not be negative, got " + maxQueued);
        if (keepAlive == null) throw new IllegalArgumentException("keep-alive is required");
        if (memoryBudgetBytes < 0) throw new IllegalArgumentException("memory-budget-bytes must not be negative, got " + memoryBudgetBytes);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 4096, 4, 32,
                Duration.ofMinutes(5), 0);
    }

    public EngineConfig withThreads(int n) {
        return new EngineConfig(n, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes);
    }

    /** The budget in bytes, resolving 0 to 75% of physical memory. */
    public long effectiveMemoryBudget() {
        if (memoryBudgetBytes > 0) return memoryBudgetBytes;
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : Runtime.getRuntime().maxMemory();
        return total / 4 * 3;
    }
}
