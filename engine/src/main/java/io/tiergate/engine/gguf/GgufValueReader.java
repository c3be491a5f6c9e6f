package io.tiergate.engine.gguf;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads GGUF metadata values (scalars, strings and arrays, arrays nested to any depth). */
final class GgufValueReader {

    private static final int MAX_NESTING = 8;

    private GgufValueReader() {}

    static Map<String, GgufMetadata.Value> readAll(GgufHeaderReader r, long count) {
        Map<String, GgufMetadata.Value> kv = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            long at = r.position();
            String key = r.string("metadata key");
            GgufValueType type = type(r);
            Object value = value(r, type, key, 0);
            if (kv.put(key, new GgufMetadata.Value(type, value)) != null) {
                r.seek(at);
                throw r.error("metadata key '" + key + "' appears twice");
            }
        }
        return kv;
    }

    private static GgufValueType type(GgufHeaderReader r) {
        int id = r.i32();
        return GgufValueType.byId(id).orElseThrow(() -> {
            r.seek(r.position() - 4);
            return r.error("unknown metadata value type " + id);
        });
    }

    private static Object value(GgufHeaderReader r, GgufValueType type, String key, int depth) {
        return switch (type) {
            case UINT8 -> (long) r.u8();
            case INT8 -> (long) (byte) r.u8();
            case UINT16 -> (long) (r.i16() & 0xFFFF);
            case INT16 -> (long) r.i16();
            case UINT32 -> r.i32() & 0xFFFFFFFFL;
            case INT32 -> (long) r.i32();
            case UINT64, INT64 -> r.i64();
            case FLOAT32 -> Float.intBitsToFloat(r.i32());
            case FLOAT64 -> Double.longBitsToDouble(r.i64());
            case BOOL -> {
                int b = r.u8();
                if (b > 1) {
                    r.seek(r.position() - 1);
                    throw r.error("metadata key '" + key + "' has bool value " + b);
                }
                yield b == 1;
            }
            case STRING -> r.string("value of '" + key + "'");
            case ARRAY -> array(r, key, depth);
        };
    }

    /** 16 M elements: the largest arrays real files hold are vocabularies of ~260 k tokens and their merges. */
    static final long MAX_ARRAY_ELEMENTS = 1L << 24;

    private static GgufArray array(GgufHeaderReader r, String key, int depth) {
        if (depth >= MAX_NESTING) throw r.error("metadata key '" + key + "' nests arrays deeper than " + MAX_NESTING);
        GgufValueType et = type(r);
        long n = r.count("array '" + key + "'", minBytes(et));
        // a count the file could hold but a Java array cannot (or whose longs would take 8x the file's bytes)
        if (n > MAX_ARRAY_ELEMENTS) {
            throw r.error("array '" + key + "' has " + n + " elements; at most " + MAX_ARRAY_ELEMENTS + " are read");
        }
        int len = (int) n;
        return switch (et) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> {
                long[] a = new long[len];
                for (int i = 0; i < len; i++) a[i] = (Long) value(r, et, key, depth);
                yield new GgufArray(et, a);
            }
            case FLOAT32 -> {
                float[] a = new float[len];
                for (int i = 0; i < len; i++) a[i] = Float.intBitsToFloat(r.i32());
                yield new GgufArray(et, a);
            }
            case FLOAT64 -> {
                double[] a = new double[len];
                for (int i = 0; i < len; i++) a[i] = Double.longBitsToDouble(r.i64());
                yield new GgufArray(et, a);
            }
            case BOOL -> {
                boolean[] a = new boolean[len];
                for (int i = 0; i < len; i++) a[i] = (Boolean) value(r, et, key, depth);
                yield new GgufArray(et, a);
            }
            case STRING -> {
                String[] a = new String[len];
                for (int i = 0; i < len; i++) a[i] = r.string("element of '" + key + "'");
                yield new GgufArray(et, a);
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[len];
                for (int i = 0; i < len; i++) a[i] = array(r, key, depth + 1);
                yield new GgufArray(et, a);
            }
        };
    }

    /** The fewest bytes one element can take, to reject impossible counts before allocating. */
    private static long minBytes(GgufValueType t) {
        return switch (t) {
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16 -> 2;
            case UINT32, INT32, FLOAT32 -> 4;
            case UINT64, INT64, FLOAT64, STRING -> 8;
            case ARRAY -> 12;
        };
    }
}
