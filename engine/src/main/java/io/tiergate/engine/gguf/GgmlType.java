package io.tiergate.engine.gguf;

import java.util.Optional;

/**
 * Tensor element types of ggml, by their id in GGUF files: {@code blockSize} elements are stored in
 * {@code typeSize} bytes. Only some are {@link #computable() computable} by our kernels; the others are
 * listed so their byte sizes can be checked and a clear error given when a model needs one.
 */
public enum GgmlType {
    F32(0, 1, 4, true), F16(1, 1, 2, true), Q4_0(2, 32, 18, true), Q4_1(3, 32, 20, false),
    Q5_0(6, 32, 22, true), Q5_1(7, 32, 24, false), Q8_0(8, 32, 34, true), Q8_1(9, 32, 36, false),
    Q2_K(10, 256, 84, false), Q3_K(11, 256, 110, false), Q4_K(12, 256, 144, true), Q5_K(13, 256, 176, true),
    Q6_K(14, 256, 210, true), Q8_K(15, 256, 292, false), IQ4_NL(20, 32, 18, false), IQ4_XS(23, 256, 136, false),
    I8(24, 1, 1, false), I16(25, 1, 2, false), I32(26, 1, 4, false), I64(27, 1, 8, false), F64(28, 1, 8, false),
    BF16(30, 1, 2, true);

    private final int id;
    private final int blockSize;
    private final int typeSize;
    private final boolean computable;

    GgmlType(int id, int blockSize, int typeSize, boolean computable) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
        this.computable = computable;
    }

    public int id() { return id; }

    /** Elements per block. */
    public int blockSize() { return blockSize; }

    /** Bytes per block. */
    public int typeSize() { return typeSize; }

    /** True when the engine has kernels for this type. */
    public boolean computable() { return computable; }

    /** Bytes taken by {@code elements} elements; the count must be a multiple of the block size. */
    public long byteSize(long elements) {
        return elements / blockSize * typeSize;
    }

    public static Optional<GgmlType> byId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) return Optional.of(t);
        }
        return Optional.empty();
    }
}
