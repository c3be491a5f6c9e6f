package io.tiergate.engine.residency;

import io.tiergate.api.ByteSize;
import io.tiergate.engine.generate.EngineOverloadedException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The two limits a model must fit next to the models already resident or reserved by loads in flight:
 * the memory budget (weights + KV caches, engine.memory-budget-bytes) and the heap's allowance for KV
 * caches ({@link KvHeapAllowance}). Pure arithmetic; the caller holds the residency lock.
 */
final class MemoryBudget {

    /** A model holding memory, for messages: its name, its charge and what it is doing ("1 request", "loading"). */
    record Holder(String name, MemoryCharge charge, String state) {
        @Override
        public String toString() {
            return "'" + name + "' " + ByteSize.format(charge.totalBytes()) + " (" + state + ")";
        }
    }

    private final long budgetBytes;
    private final KvHeapAllowance heap;

    MemoryBudget(long budgetBytes, KvHeapAllowance heap) {
        this.budgetBytes = budgetBytes;
        this.heap = heap;
    }

    /**
     * The model's KV footprint with its parallel sequences lowered to what the heap's KV allowance
     * holds alone (logged when lowered); refused when not even one full context fits: waiting could never help.
     */
    KvCacheFootprint fitToHeap(String name, KvCacheFootprint kv) {
        int slots = kv.slotsWithin(heap.kvBytes());
        if (slots < 1) throw new KvCacheExceedsHeapException(name, kv.withParallel(1), heap);
        if (slots < kv.parallel()) {
            System.getLogger(MemoryBudget.class.getName()).log(System.Logger.Level.WARNING,
                    "model ''{0}'' decodes {1} sequences at once, not engine.parallel''s {2}: {2} full contexts of {3} tokens "
                            + "need {4} of Java heap for KV caches, which may take {5} of the heap''s {6} (give the JVM more, e.g. "
                            + "TIERGATE_JAVA_OPTS=-Xmx16g, or lower engine.context-length)",
                    name, slots, kv.parallel(), kv.contextTokens(), ByteSize.format(kv.bytes()), ByteSize.format(heap.kvBytes()),
                    ByteSize.format(heap.maxHeapBytes()));
        }
        return kv.withParallel(slots);
    }

    boolean fits(MemoryCharge charge, Collection<MemoryCharge> held) {
        long total = charge.totalBytes();
        long kv = charge.kvBytes();
        for (MemoryCharge h : held) {
            total += h.totalBytes();
            kv += h.kvBytes();
        }
        return total <= budgetBytes && kv <= heap.kvBytes();
    }

    /** 503 for a model that found no room within engine.load-wait because the models holding it stayed busy. */
    EngineOverloadedException noRoom(String name, MemoryCharge charge, List<Holder> holders, Duration waited) {
        long heldTotal = holders.stream().mapToLong(h -> h.charge().totalBytes()).sum();
        long heldKv = holders.stream().mapToLong(h -> h.charge().kvBytes()).sum();
        String message = "model '" + name + "' needs " + charge + " but the memory budget (engine.memory-budget-bytes) is "
                + ByteSize.format(budgetBytes) + " with " + ByteSize.format(heldTotal) + " held, and KV caches may take "
                + ByteSize.format(heap.kvBytes()) + " of the heap with " + ByteSize.format(heldKv) + " held; after waiting "
                + waited.toMillis() + " ms (engine.load-wait) the models holding it are still busy: "
                + String.join(", ", holders.stream().map(Holder::toString).toList())
                + ". Retry later, or raise engine.memory-budget-bytes.";
        return new EngineOverloadedException(message, waited.isZero() ? Duration.ofSeconds(1) : waited);
    }
}
