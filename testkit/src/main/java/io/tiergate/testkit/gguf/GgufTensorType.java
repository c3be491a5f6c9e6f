package io.tiergate.testkit.gguf;

/**
 * The tensor types the test kit can write, with ggml's ids and block layouts
 * ({@code blockSize} elements in {@code typeSize} bytes).
 */
public enum GgufTensorType {
    F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q5_0(6, 32, 22), Q8_0(8, 32, 34), Q4_K(12, 256, 144), Q5_K(13, 256, 176),
    Q6_K(14, 256, 210), BF16(30, 1, 2);

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgufTensorType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    public int id() { return id; }

    public int blockSize() { return blockSize; }

    public int typeSize() { return typeSize; }

    public long rowBytes(long elements) {
        return elements / blockSize * typeSize;
    }
}
