package io.tiergate.engine.gguf;

/**
 * A metadata array value. {@code values} is a primitive array by element type: {@code long[]} for every
 * integer type, {@code float[]} for FLOAT32, {@code double[]} for FLOAT64, {@code boolean[]} for BOOL,
 * {@code String[]} for STRING and {@code GgufArray[]} for nested arrays.
 */
public record GgufArray(GgufValueType elementType, Object values) {

    public int length() {
        return java.lang.reflect.Array.getLength(values);
    }
}
