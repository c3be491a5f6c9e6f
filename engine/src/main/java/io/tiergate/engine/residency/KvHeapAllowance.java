package io.tiergate.engine.residency;

/**
 * How much of the Java heap the KV caches of all resident models may take: the maximum heap
 * ({@code -Xmx}, {@link Runtime#maxMemory()}) minus a reserve for everything else that lives there —
 * requests and responses, tokenizer vocabularies, forward-pass buffers, the gateway — of a quarter of
 * the heap, and at least {@value #MIN_RESERVE_BYTES} bytes (64 MiB). The memory budget counts weights
 * and KV together, but weights are mapped off the heap: a budget of 75% of RAM says nothing about
 * whether the KV caches fit the heap, and a cache that does not would be an OutOfMemoryError mid-request.
 *
 * @param maxHeapBytes the heap's limit
 */
public record KvHeapAllowance(long maxHeapBytes) {

    static final long MIN_RESERVE_BYTES = 64L << 20;

    public KvHeapAllowance {
        if (maxHeapBytes <= 0) throw new IllegalArgumentException("heap limit must be positive, got " + maxHeapBytes);
    }

    /** This JVM's heap. */
    public static KvHeapAllowance ofThisJvm() {
        return new KvHeapAllowance(Runtime.getRuntime().maxMemory());
    }

    /** Heap kept for everything but KV caches. */
    public long reserveBytes() {
        return Math.min(maxHeapBytes, Math.max(MIN_RESERVE_BYTES, maxHeapBytes / 4));
    }

    /** Heap the KV caches of all resident models may take together. */
    public long kvBytes() {
        return maxHeapBytes - reserveBytes();
    }
}
