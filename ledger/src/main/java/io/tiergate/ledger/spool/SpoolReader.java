package io.tiergate.ledger.spool;

import io.tiergate.api.LedgerEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads whole, intact records from a spool segment, from a byte offset on. */
final class SpoolReader {
    /** Bytes read per system call: a slice of 500 entries is about 100 KiB. */
    private static final int CHUNK_BYTES = 256 << 10;

    /**
     * @param entries what was read, in file order
     * @param end     the offset just past the last record read
     * @param length  the file's length when read: {@code end < length} with fewer entries than asked
     *                means the bytes at {@code end} are not a whole record (torn, or still being written)
     */
    record Chunk(List<LedgerEntry> entries, long end, long length) {}

    private SpoolReader() {}

    /** Up to {@code max} records from {@code from}, read through {@code ch} (left open). */
    static Chunk read(FileChannel ch, long from, int max) throws IOException {
        List<LedgerEntry> out = new ArrayList<>(Math.min(max, 1024));
        long length = ch.size();
        long bufAt = from; // the file offset of buf's index 0
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES);
        buf.limit(0);
        while (out.size() < max) {
            Optional<LedgerEntry> e = SpoolCodec.read(buf);
            if (e.isPresent()) {
                out.add(e.get());
                continue;
            }
            int need = SpoolCodec.framedLength(buf);
            long recordAt = bufAt + buf.position();
            if (need < 0 || need <= buf.remaining() || recordAt + need > length) {
                break; // damaged, or not yet whole in the file
            }
            if (need > buf.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocate(need);
                bigger.put(buf);
                buf = bigger;
            } else {
                buf.compact();
            }
            bufAt = recordAt;
            while (buf.hasRemaining() && ch.read(buf, bufAt + buf.position()) > 0) {
                // fill what the file has
            }
            buf.flip();
        }
        return new Chunk(out, bufAt + buf.position(), length);
    }
}
