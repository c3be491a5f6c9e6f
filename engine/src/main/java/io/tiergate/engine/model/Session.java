package io.tiergate.engine.model;

import java.util.Arrays;

/**
 * One sequence's KV cache: for each layer, the keys and values of every position so far, as
 * {@code (position, kvDim)} float rows. The cache is allocated at the first forward pass and grows in
 * steps up to {@code contextLength}, so a short conversation does not reserve a whole context. Not thread-safe: one sequence, one user at a time.
 */
public final class Session {

    /** Positions the cache takes at the first forward pass (or the whole context when shorter), then doubles. */
    public static final int FIRST_CAPACITY = 256;

    private final ModelConfig config;
    private final int contextLength;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;
    private int length;

    public Session(ModelConfig config, int contextLength) {
        if (contextLength < 1) throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        this.config = config;
        this.contextLength = contextLength;
        this.keys = new float[config.layers()][];
        this.values = new float[config.layers()][];
        this.capacity = 0; // nothing until the first forward pass: a request waiting in the queue holds no cache
    }

    public int contextLength() { return contextLength; }

    /** Positions already in the cache. */
    public int length() { return length; }

    public int remaining() { return contextLength - length; }

    /** Bytes held by the cache now. */
    public long cacheBytes() {
        return 2L * config.layers() * capacity * config.kvDim() * Float.BYTES;
    }

    /** Forgets positions from {@code newLength} on (e.g. to reuse a shared prompt prefix). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) throw new IllegalArgumentException("cannot truncate " + length + " to " + newLength);
        length = newLength;
    }

    float[] keys(int layer) { return keys[layer]; }

    float[] values(int layer) { return values[layer]; }

    void ensureCapacity(int positions) {
        if (positions > contextLength) {
            throw new IllegalStateException("sequence of " + positions + " tokens exceeds the context of " + contextLength);
        }
        if (positions <= capacity) return;
        int next = Math.min(contextLength, Math.max(positions, Math.max(capacity * 2, FIRST_CAPACITY)));
        int kvDim = config.kvDim();
        for (int l = 0; l < keys.length; l++) {
            keys[l] = keys[l] == null ? new float[next * kvDim] : Arrays.copyOf(keys[l], next * kvDim);
            values[l] = values[l] == null ? new float[next * kvDim] : Arrays.copyOf(values[l], next * kvDim);
        }
        capacity = next;
    }

    void advance(int tokens) {
        length += tokens;
    }
}
