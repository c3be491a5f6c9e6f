package io.tiergate.engine.gguf;

/** The metadata value types of the GGUF format, by their numeric id in the file. */
public enum GgufValueType {
    UINT8(0), INT8(1), UINT16(2), INT16(3), UINT32(4), INT32(5), FLOAT32(6), BOOL(7), STRING(8), ARRAY(9),
    UINT64(10), INT64(11), FLOAT64(12);

    private final int id;

    GgufValueType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static java.util.Optional<GgufValueType> byId(int id) {
        for (GgufValueType t : values()) {
            if (t.id == id) return java.util.Optional.of(t);
        }
        return java.util.Optional.empty();
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }
}
