package io.tiergate.engine.residency;

import io.tiergate.api.ByteSize;
import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/**
 * 500: not even one sequence's KV cache at the full context fits the Java heap's allowance, with no other
 * model loaded. Refused at load, with what to change, instead of an OutOfMemoryError once the sequence grows.
 */
public final class KvCacheExceedsHeapException extends TiergateException {

    public KvCacheExceedsHeapException(String model, KvCacheFootprint kv, KvHeapAllowance heap) {
        super(500, "server_error", "model '" + model + "' cannot be loaded: even one sequence's KV cache needs up to " + ByteSize.format(kv.bytes())
                        + " of Java heap (" + kv.explain() + "), but KV caches may take only " + ByteSize.format(heap.kvBytes())
                        + " of the heap's " + ByteSize.format(heap.maxHeapBytes()) + " limit (" + ByteSize.format(heap.reserveBytes())
                        + " is kept for the rest). Lower engine.context-length, "
                        + "or give the JVM a larger heap (-Xmx, e.g. TIERGATE_JAVA_OPTS=-Xmx16g).",
                Optional.of("model_kv_exceeds_heap"), Optional.empty(), Map.of());
    }
}
