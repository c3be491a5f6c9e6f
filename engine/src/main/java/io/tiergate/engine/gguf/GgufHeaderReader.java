package io.tiergate.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A bounds-checked little-endian cursor over a mapped GGUF file. Every read checks that the bytes are
 * there, so a truncated or corrupt header ends in a {@link GgufFormatException} naming the offset,
 * never in an out-of-bounds access or a huge allocation.
 */
final class GgufHeaderReader {

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final MemorySegment segment;
    private long pos;

    GgufHeaderReader(Path file, MemorySegment segment) {
        this.file = file;
        this.segment = segment;
    }

    long position() {
        return pos;
    }

    void seek(long position) {
        pos = position;
    }

    long remaining() {
        return segment.byteSize() - pos;
    }

    GgufFormatException error(String what) {
        return new GgufFormatException(file, pos, what);
    }

    private void need(long bytes, String what) {
        if (bytes < 0 || bytes > remaining()) {
            throw error("file is truncated: " + what + " needs " + bytes + " bytes but only " + remaining() + " remain");
        }
    }

    int u8() {
        need(1, "a byte");
        return segment.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    short i16() {
        need(2, "a 16-bit value");
        short v = segment.get(I16, pos);
        pos += 2;
        return v;
    }

    int i32() {
        need(4, "a 32-bit value");
        int v = segment.get(I32, pos);
        pos += 4;
        return v;
    }

    long i64() {
        need(8, "a 64-bit value");
        long v = segment.get(I64, pos);
        pos += 8;
        return v;
    }

    /** A count (uint64) that must fit the remaining bytes at {@code minBytesEach} bytes per element. */
    long count(String what, long minBytesEach) {
        long start = pos;
        long n = i64();
        if (n < 0 || (minBytesEach > 0 && n > remaining() / minBytesEach)) {
            pos = start;
            throw error("file is truncated or corrupt: " + what + " count " + Long.toUnsignedString(n) + " does not fit in the " + remaining()
                    + " bytes that remain");
        }
        return n;
    }

    /** A length-prefixed string; invalid UTF-8 (some vocabularies hold raw bytes) decodes with replacements. */
    String string(String what) {
        long len = count(what + " length", 1);
        byte[] bytes = segment.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE);
        pos += len;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
