package io.tiergate.engine.gguf;

import java.util.Arrays;

/**
 * One tensor's description from the GGUF header. {@code shape} is in ggml order: {@code shape[0]} is
 * the innermost (contiguous) dimension, so a weight matrix of {@code rows x cols} has shape
 * {@code [cols, rows]}. {@code dataOffset} is absolute in the file; {@code bytes} its size.
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long dataOffset, long bytes) {

    public GgufTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elements() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** Size of dimension {@code i}, or 1 beyond the tensor's rank. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && dataOffset == t.dataOffset && bytes == t.bytes;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape) + " @" + dataOffset;
    }
}
