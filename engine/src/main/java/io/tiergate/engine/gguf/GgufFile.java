package io.tiergate.engine.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file (version 2 or 3), memory-mapped read-only. The header and metadata are parsed into
 * {@link GgufMetadata} and {@link GgufTensorInfo}s; tensor data stays in the mapping and is handed out
 * as {@link MemorySegment} slices, never copied onto the heap. Closing unmaps the file: segments taken
 * from it must not be used afterwards.
 */
public final class GgufFile implements AutoCloseable {

    /** "GGUF" read as a little-endian uint32. */
    public static final int MAGIC = 0x46554747;
    public static final int DEFAULT_ALIGNMENT = 32;

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final long dataStart;

    private GgufFile(Path path, Arena arena, MemorySegment mapping, int version, GgufMetadata metadata,
                     Map<String, GgufTensorInfo> tensors, long dataStart) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.version = version;
        this.metadata = metadata;
        this.tensors = tensors;
        this.dataStart = dataStart;
    }

    /** Maps and parses {@code path}; throws {@link GgufFormatException} when it is not a usable GGUF file. */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                mapping = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            GgufFile f = parse(path, arena, mapping);
            return f;
        } catch (IOException e) {
            arena.close();
            throw new GgufFormatException(path, "cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static GgufFile parse(Path path, Arena arena, MemorySegment mapping) {
        GgufHeaderReader r = new GgufHeaderReader(path, mapping);
        if (mapping.byteSize() < 4) throw r.error("file is truncated: " + mapping.byteSize() + " bytes, not a GGUF file");
        int magic = r.i32();
        if (magic != MAGIC) {
            r.seek(0);
            throw r.error(String.format("bad magic 0x%08x, expected \"GGUF\" (not a GGUF file)", magic));
        }
        int version = r.i32();
        if (version != 2 && version != 3) {
            r.seek(4);
            String hint = Integer.reverseBytes(version) == 3 || Integer.reverseBytes(version) == 2
                    ? " (a big-endian file; only little-endian GGUF is supported)" : "";
            throw r.error("unsupported GGUF version " + version + hint + "; versions 2 and 3 are supported");
        }
        // A tensor info takes at least 8 (name length) + 4 (n_dims) + 4 (type) + 8 (offset) bytes.
        long tensorCount = r.count("tensor", 24);
        // A metadata entry takes at least 8 (key length) + 4 (type) + 1 byte of value.
        long kvCount = r.count("metadata entry", 13);
        Map<String, GgufMetadata.Value> kv = GgufValueReader.readAll(r, kvCount);
        GgufMetadata metadata = new GgufMetadata(path, kv);
        long alignment = metadata.optInteger("general.alignment").orElse(DEFAULT_ALIGNMENT);
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new GgufFormatException(path, "general.alignment " + alignment + " is not a power of two");
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, Integer> typeIds = new LinkedHashMap<>();
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            long at = r.position();
            String name = r.string("tensor name");
            int nDims = r.i32();
            if (nDims < 1 || nDims > 4) throw new GgufFormatException(path, at, "tensor '" + name + "' has " + nDims + " dimensions (1..4 allowed)");
            long[] shape = new long[nDims];
            for (int d = 0; d < nDims; d++) {
                shape[d] = r.i64();
                if (shape[d] <= 0 || shape[d] > (1L << 40)) {
                    throw new GgufFormatException(path, at, "tensor '" + name + "' has invalid dimension " + shape[d]);
                }
            }
            typeIds.put(name, r.i32());
            offsets.put(name, r.i64());
            if (shapes.put(name, shape) != null) throw new GgufFormatException(path, at, "tensor '" + name + "' is listed twice");
        }
        long dataStart = (r.position() + alignment - 1) & -alignment;
        Map<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
        for (var e : shapes.entrySet()) {
            String name = e.getKey();
            int typeId = typeIds.get(name);
            GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> new GgufFormatException(path,
                    "tensor '" + name + "' has unsupported tensor type id " + typeId));
            long elements = 1;
            try {
                for (long d : e.getValue()) elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException overflow) {
                throw new GgufFormatException(path, "tensor '" + name + "' has a shape whose element count overflows: "
                        + java.util.Arrays.toString(e.getValue()));
            }
            if (e.getValue()[0] % type.blockSize() != 0) {
                throw new GgufFormatException(path, "tensor '" + name + "' row of " + e.getValue()[0]
                        + " elements is not a multiple of the " + type + " block size " + type.blockSize());
            }
            long bytes = type.byteSize(elements);
            long rel = offsets.get(name);
            if (rel < 0 || rel % alignment != 0) {
                throw new GgufFormatException(path, "tensor '" + name + "' offset " + rel + " is not aligned to " + alignment);
            }
            long abs = dataStart + rel;
            if (abs < 0 || rel > mapping.byteSize() || abs + bytes > mapping.byteSize() || abs + bytes < 0) {
                throw new GgufFormatException(path, abs, "file is truncated: tensor '" + name + "' (" + type + ", "
                        + bytes + " bytes) ends at byte " + (abs + bytes) + " but the file has " + mapping.byteSize());
            }
            tensors.put(name, new GgufTensorInfo(name, type, e.getValue(), abs, bytes));
        }
        return new GgufFile(path, arena, mapping, version, metadata, Collections.unmodifiableMap(tensors), dataStart);
    }

    public Path path() { return path; }

    public int version() { return version; }

    public GgufMetadata metadata() { return metadata; }

    /** Tensor infos in file order. */
    public Map<String, GgufTensorInfo> tensors() { return tensors; }

    /** Absolute file offset where tensor data begins (aligned). */
    public long dataStart() { return dataStart; }

    public long fileBytes() { return mapping.byteSize(); }

    public Optional<GgufTensorInfo> tensorInfo(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The tensor's bytes, in place in the mapping. */
    public MemorySegment tensor(String name) {
        GgufTensorInfo t = tensors.get(name);
        if (t == null) throw new GgufFormatException(path, "tensor '" + name + "' is missing");
        return mapping.asSlice(t.dataOffset(), t.bytes());
    }

    public MemorySegment tensor(GgufTensorInfo t) {
        return mapping.asSlice(t.dataOffset(), t.bytes());
    }

    @Override
    public void close() {
        arena.close();
    }
}
