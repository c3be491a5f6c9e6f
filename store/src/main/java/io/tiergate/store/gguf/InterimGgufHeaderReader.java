package io.tiergate.store.gguf;

import io.tiergate.store.ModelStoreException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * INTERIM adapter: reads just the GGUF header fields the store records (architecture, file type,
 * context length, chat template, tensor element counts), streaming and skipping large arrays such as the
 * vocabulary. It exists only until engine-core's {@code io.tiergate.engine.gguf.GgufFile} is committed;
 * then {@link GgufSummaries} switches to it and this class is deleted.
 */
final class InterimGgufHeaderReader {

    private static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final long MAX_STRING_BYTES = 64L << 20;

    private final Path file;
    private final DataInputStream in;

    private InterimGgufHeaderReader(Path file, InputStream in) {
        this.file = file;
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    static GgufSummary read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            return new InterimGgufHeaderReader(file, raw).summary();
        } catch (EOFException e) {
            throw notGguf(file, "the file ends inside its header");
        } catch (IOException e) {
            throw ModelStoreException.invalid("cannot read " + file + ": " + e.getMessage());
        }
    }

    private GgufSummary summary() throws IOException {
        if (i32() != MAGIC) throw notGguf(file, "it does not start with the GGUF magic");
        int version = i32();
        if (version != 2 && version != 3) throw notGguf(file, "unsupported GGUF version " + version);
        long tensors = count(i64(), "tensor");
        long kvs = count(i64(), "metadata");
        Map<String, Object> kv = new HashMap<>();
        for (long i = 0; i < kvs; i++) {
            String key = string();
            Object v = value(i32());
            if (v != null) kv.put(key, v);
        }
        long params = 0;
        for (long t = 0; t < tensors; t++) {
            skipString();
            int dims = i32();
            if (dims < 1 || dims > 4) throw notGguf(file, "a tensor has " + dims + " dimensions");
            long elements = 1;
            for (int d = 0; d < dims; d++) elements = Math.multiplyExact(elements, i64());
            i32(); // ggml type
            i64(); // data offset
            params += elements;
        }
        String arch = kv.get("general.architecture") instanceof String s ? s : "unknown";
        String fileType = kv.get("general.file_type") instanceof Long l ? LlamaFileType.name(l) : "unknown";
        long ctx = kv.get(arch + ".context_length") instanceof Long l ? l : 0;
        String template = kv.get("tokenizer.chat_template") instanceof String s ? s : "";
        return new GgufSummary(arch, params, fileType, ctx, template);
    }

    /** Scalars as Long or String; arrays and floats are skipped (null). */
    private Object value(int type) throws IOException {
        return switch (type) {
            case 0, 1, 7 -> (long) in.readUnsignedByte();
            case 2, 3 -> (long) Short.reverseBytes(in.readShort());
            case 4 -> Integer.toUnsignedLong(i32());
            case 5 -> (long) i32();
            case 6 -> { i32(); yield null; }
            case 8 -> string();
            case 9 -> { skipArray(); yield null; }
            case 10, 11 -> i64();
            case 12 -> { i64(); yield null; }
            default -> throw notGguf(file, "unknown metadata value type " + type);
        };
    }

    private void skipArray() throws IOException {
        int type = i32();
        long n = count(i64(), "array element");
        int width = switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case 10, 11, 12 -> 8;
            default -> 0;
        };
        if (width > 0) {
            in.skipNBytes(Math.multiplyExact(n, width));
            return;
        }
        for (long i = 0; i < n; i++) {
            if (type == 8) skipString();
            else value(type);
        }
    }

    private String string() throws IOException {
        long len = i64();
        if (len < 0 || len > MAX_STRING_BYTES) throw notGguf(file, "a string claims " + len + " bytes");
        return new String(in.readNBytes((int) len), StandardCharsets.UTF_8);
    }

    private void skipString() throws IOException {
        long len = i64();
        if (len < 0 || len > MAX_STRING_BYTES) throw notGguf(file, "a string claims " + len + " bytes");
        in.skipNBytes(len);
    }

    private long count(long n, String what) {
        if (n < 0 || n > (1L << 32)) throw notGguf(file, "implausible " + what + " count " + n);
        return n;
    }

    private int i32() throws IOException { return Integer.reverseBytes(in.readInt()); }

    private long i64() throws IOException { return Long.reverseBytes(in.readLong()); }

    private static ModelStoreException notGguf(Path file, String why) {
        return ModelStoreException.invalid(file + " is not a usable GGUF file: " + why);
    }
}
