package io.tiergate.testkit.gguf;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes real GGUF files (version 3 by default) for tests: metadata of every value type, nested arrays,
 * and tensors of every {@link GgufTensorType}, laid out with the file's alignment. Tensor data is
 * produced row by row when the file is written, so large random-weight files never sit in memory.
 */
public final class GgufWriter {

    /** Produces row {@code row} (of {@code shape[0]} floats) of a tensor. */
    @FunctionalInterface
    public interface Rows {
        float[] row(long row);
    }

    private record Tensor(String name, GgufTensorType type, long[] shape, Rows rows, byte[] raw) {
        long rowCount() {
            long n = 1;
            for (int i = 1; i < shape.length; i++) n *= shape[i];
            return n;
        }

        long bytes() {
            return raw != null ? raw.length : type.rowBytes(shape[0]) * rowCount();
        }
    }

    private final ByteArrayOutputStream kv = new ByteArrayOutputStream();
    private final List<Tensor> tensors = new ArrayList<>();
    private long kvCount;
    private int version = 3;
    private int alignment = 32;

    public GgufWriter version(int v) {
        this.version = v;
        return this;
    }

    /** Sets the data alignment and records it as {@code general.alignment}. */
    public GgufWriter alignment(int bytes) {
        this.alignment = bytes;
        return putUint32("general.alignment", bytes);
    }

    public GgufWriter putUint8(String key, int v) { return scalar(key, 0, le(v, 1)); }
    public GgufWriter putInt8(String key, int v) { return scalar(key, 1, le(v, 1)); }
    public GgufWriter putUint16(String key, int v) { return scalar(key, 2, le(v, 2)); }
    public GgufWriter putInt16(String key, int v) { return scalar(key, 3, le(v, 2)); }
    public GgufWriter putUint32(String key, long v) { return scalar(key, 4, le(v, 4)); }
    public GgufWriter putInt32(String key, int v) { return scalar(key, 5, le(v, 4)); }
    public GgufWriter putFloat32(String key, float v) { return scalar(key, 6, le(Float.floatToRawIntBits(v), 4)); }
    public GgufWriter putBool(String key, boolean v) { return scalar(key, 7, new byte[]{(byte) (v ? 1 : 0)}); }
    public GgufWriter putString(String key, String v) { return scalar(key, 8, str(v)); }
    public GgufWriter putUint64(String key, long v) { return scalar(key, 10, le(v, 8)); }
    public GgufWriter putInt64(String key, long v) { return scalar(key, 11, le(v, 8)); }
    public GgufWriter putFloat64(String key, double v) { return scalar(key, 12, le(Double.doubleToRawLongBits(v), 8)); }

    public GgufWriter putStringArray(String key, List<String> values) {
        return scalar(key, 9, array(8, values.size(), values.stream().map(GgufWriter::str).toList()));
    }

    public GgufWriter putFloatArray(String key, float[] values) {
        List<byte[]> items = new ArrayList<>();
        for (float f : values) items.add(le(Float.floatToRawIntBits(f), 4));
        return scalar(key, 9, array(6, values.length, items));
    }

    public GgufWriter putInt32Array(String key, int[] values) {
        List<byte[]> items = new ArrayList<>();
        for (int v : values) items.add(le(v, 4));
        return scalar(key, 9, array(5, values.length, items));
    }

    /**
     * An array of any element type: {@code elementTypeId} is the GGUF value type id and each item the
     * already encoded element (see {@link #encodeArray} for nesting).
     */
    public GgufWriter putArray(String key, int elementTypeId, List<byte[]> encodedItems) {
        return scalar(key, 9, array(elementTypeId, encodedItems.size(), encodedItems));
    }

    /** The encoding of an array value (element type, count, items), to nest inside another array. */
    public static byte[] encodeArray(int elementTypeId, List<byte[]> encodedItems) {
        return array(elementTypeId, encodedItems.size(), encodedItems);
    }

    public static byte[] encodeString(String s) {
        return str(s);
    }

    public static byte[] encodeLittleEndian(long v, int bytes) {
        return le(v, bytes);
    }

    /** A tensor whose rows are quantized from floats to {@code type} as the file is written. */
    public GgufWriter tensor(String name, GgufTensorType type, long[] shape, Rows rows) {
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": row length " + shape[0] + " is not a multiple of " + type.blockSize());
        }
        tensors.add(new Tensor(name, type, shape.clone(), rows, null));
        return this;
    }

    /** A tensor of all-given floats, {@code values.length} = product of {@code shape}. */
    public GgufWriter tensor(String name, GgufTensorType type, long[] shape, float[] values) {
        int cols = Math.toIntExact(shape[0]);
        return tensor(name, type, shape, r -> java.util.Arrays.copyOfRange(values, (int) r * cols, (int) r * cols + cols));
    }

    /** A tensor given as raw bytes, written verbatim (for corrupt-file tests). */
    public GgufWriter rawTensor(String name, GgufTensorType type, long[] shape, byte[] bytes) {
        tensors.add(new Tensor(name, type, shape.clone(), null, bytes.clone()));
        return this;
    }

    public Path write(Path file) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long pos = 0;
            pos += put(out, le(0x46554747, 4));
            pos += put(out, le(version, 4));
            pos += put(out, le(tensors.size(), 8));
            pos += put(out, le(kvCount, 8));
            pos += put(out, kv.toByteArray());
            long offset = 0;
            List<Long> offsets = new ArrayList<>();
            for (Tensor t : tensors) {
                pos += put(out, str(t.name()));
                pos += put(out, le(t.shape().length, 4));
                for (long d : t.shape()) pos += put(out, le(d, 8));
                pos += put(out, le(t.type().id(), 4));
                pos += put(out, le(offset, 8));
                offsets.add(offset);
                offset = align(offset + t.bytes());
            }
            pos += pad(out, pos);
            for (Tensor t : tensors) {
                if (t.raw() != null) {
                    pos += put(out, t.raw());
                } else {
                    for (long r = 0; r < t.rowCount(); r++) pos += put(out, GgufQuantizer.encode(t.type(), t.rows().row(r)));
                }
                pos += pad(out, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private long align(long v) {
        return (v + alignment - 1) / alignment * alignment;
    }

    private long pad(OutputStream out, long pos) throws IOException {
        long n = align(pos) - pos;
        out.write(new byte[(int) n]);
        return n;
    }

    private static long put(OutputStream out, byte[] b) throws IOException {
        out.write(b);
        return b.length;
    }

    private GgufWriter scalar(String key, int typeId, byte[] value) {
        kv.writeBytes(str(key));
        kv.writeBytes(le(typeId, 4));
        kv.writeBytes(value);
        kvCount++;
        return this;
    }

    private static byte[] array(int elementTypeId, long count, List<byte[]> items) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(le(elementTypeId, 4));
        b.writeBytes(le(count, 8));
        for (byte[] item : items) b.writeBytes(item);
        return b.toByteArray();
    }

    private static byte[] str(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + utf8.length];
        System.arraycopy(le(utf8.length, 8), 0, out, 0, 8);
        System.arraycopy(utf8, 0, out, 8, utf8.length);
        return out;
    }

    private static byte[] le(long v, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }
}
