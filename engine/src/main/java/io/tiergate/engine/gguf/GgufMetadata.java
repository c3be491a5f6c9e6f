package io.tiergate.engine.gguf;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The key/value metadata of a GGUF file, with typed accessors. Integers of every width read as
 * {@code long}; FLOAT32 and FLOAT64 both read as floats where asked. A missing key or a value of the
 * wrong type throws {@link GgufFormatException} naming the key; the {@code opt*} forms return empty
 * when the key is absent (but still throw on a wrong type).
 */
public final class GgufMetadata {

    /** One value: its GGUF type and the Java value (Long, Float, Double, Boolean, String or GgufArray). */
    public record Value(GgufValueType type, Object value) {}

    private final java.nio.file.Path file;
    private final Map<String, Value> values;

    public GgufMetadata(java.nio.file.Path file, Map<String, Value> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<Value> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String string(String key) {
        return optString(key).orElseThrow(() -> missing(key));
    }

    public Optional<String> optString(String key) {
        return typed(key, GgufValueType.STRING).map(v -> (String) v.value());
    }

    public long integer(String key) {
        OptionalLong v = optInteger(key);
        if (v.isEmpty()) throw missing(key);
        return v.getAsLong();
    }

    public OptionalLong optInteger(String key) {
        Value v = values.get(key);
        if (v == null) return OptionalLong.empty();
        if (!v.type().isInteger()) throw wrongType(key, v, "an integer");
        return OptionalLong.of((Long) v.value());
    }

    public float float32(String key) {
        return optFloat(key).orElseThrow(() -> missing(key));
    }

    public Optional<Float> optFloat(String key) {
        Value v = values.get(key);
        if (v == null) return Optional.empty();
        return switch (v.type()) {
            case FLOAT32 -> Optional.of((Float) v.value());
            case FLOAT64 -> Optional.of(((Double) v.value()).floatValue());
            default -> throw wrongType(key, v, "a float");
        };
    }

    public boolean bool(String key) {
        return optBool(key).orElseThrow(() -> missing(key));
    }

    public Optional<Boolean> optBool(String key) {
        return typed(key, GgufValueType.BOOL).map(v -> (Boolean) v.value());
    }

    public GgufArray array(String key) {
        return typed(key, GgufValueType.ARRAY).map(v -> (GgufArray) v.value()).orElseThrow(() -> missing(key));
    }

    public List<String> stringArray(String key) {
        GgufArray a = array(key);
        if (a.elementType() != GgufValueType.STRING) throw wrongArray(key, a, "strings");
        return List.of((String[]) a.values());
    }

    public Optional<List<String>> optStringArray(String key) {
        return has(key) ? Optional.of(stringArray(key)) : Optional.empty();
    }

    public float[] floatArray(String key) {
        GgufArray a = array(key);
        return switch (a.elementType()) {
            case FLOAT32 -> ((float[]) a.values()).clone();
            case FLOAT64 -> {
                double[] d = (double[]) a.values();
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
                yield f;
            }
            default -> throw wrongArray(key, a, "floats");
        };
    }

    public int[] intArray(String key) {
        GgufArray a = array(key);
        if (!a.elementType().isInteger()) throw wrongArray(key, a, "integers");
        return Arrays.stream((long[]) a.values()).mapToInt(Math::toIntExact).toArray();
    }

    public long[] longArray(String key) {
        GgufArray a = array(key);
        if (!a.elementType().isInteger()) throw wrongArray(key, a, "integers");
        return ((long[]) a.values()).clone();
    }

    private Optional<Value> typed(String key, GgufValueType type) {
        Value v = values.get(key);
        if (v == null) return Optional.empty();
        if (v.type() != type) throw wrongType(key, v, type.name());
        return Optional.of(v);
    }

    private GgufFormatException missing(String key) {
        return new GgufFormatException(file, "metadata key '" + key + "' is missing");
    }

    private GgufFormatException wrongType(String key, Value v, String expected) {
        return new GgufFormatException(file, "metadata key '" + key + "' is " + v.type() + ", expected " + expected);
    }

    private GgufFormatException wrongArray(String key, GgufArray a, String expected) {
        return new GgufFormatException(file, "metadata key '" + key + "' is an array of " + a.elementType()
                + ", expected " + expected);
    }
}
