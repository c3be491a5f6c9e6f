package io.tiergate.engine.residency;

import io.tiergate.api.ByteSize;

/**
 * What a model is charged while resident (or while its load holds a reservation), in bytes: its
 * mapped weights (the file, off the heap) and its KV caches (on the Java heap, see {@link KvCacheFootprint}).
 */
public record MemoryCharge(long weightBytes, long kvBytes) {

    public MemoryCharge {
        if (weightBytes < 0 || kvBytes < 0) throw new IllegalArgumentException("negative charge " + weightBytes + " + " + kvBytes);
    }

    public long totalBytes() {
        return weightBytes + kvBytes;
    }

    @Override
    public String toString() {
        return ByteSize.format(totalBytes()) + " (" + ByteSize.format(weightBytes) + " weights + " + ByteSize.format(kvBytes) + " KV caches)";
    }
}
