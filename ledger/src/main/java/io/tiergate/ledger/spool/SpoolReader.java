package io.tiergate.ledger.spool;

import io.tiergate.api.LedgerEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads whole, intact records from a spool segment, from a byte offset on. Bytes that are not an intact record
 * but are followed by one (a damaged record in the middle of a segment, garbage between records) are skipped up
 * to that record's sync marker and counted; bytes followed by none end the read, since they may be a torn tail
 * (the process died mid-append) or a record its writer is still appending.
 */
final class SpoolReader {
    /** Bytes read per system call: a slice of 500 entries is about 100 KiB. */
    private static final int CHUNK_BYTES = 256 << 10;

    /**
     * @param entries        what was read, in file order
     * @param end            the offset just past the last record read
     * @param length         the file's length when read: {@code end < length} with fewer entries than asked
     *                       means the bytes at {@code end} are not a whole record (torn, or still being written)
     * @param damagedRegions runs of damaged bytes skipped before {@code end} (each usually one record)
     * @param skippedBytes   the bytes of those runs
     * @param newerAtEnd     the read stopped at {@code end} on an intact record of a newer format
     */
    record Chunk(List<LedgerEntry> entries, long end, long length, int damagedRegions, long skippedBytes,
                 boolean newerAtEnd) {}

    private final FileChannel ch;
    private final long length;
    private ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES);
    /** The file offset of buf's index 0; buf holds the file's bytes up to its limit. */
    private long bufAt;

    private SpoolReader(FileChannel ch, long length) {
        this.ch = ch;
        this.length = length;
        buf.limit(0);
    }

    /** Up to {@code max} records from {@code from}, read through {@code ch} (left open). */
    static Chunk read(FileChannel ch, long from, int max) throws IOException {
        SpoolReader r = new SpoolReader(ch, ch.size());
        List<LedgerEntry> out = new ArrayList<>(Math.min(max, 1024));
        long at = from;
        int regions = 0;
        long skipped = 0;
        boolean newer = false;
        while (out.size() < max) {
            Optional<LedgerEntry> e;
            try {
                e = r.recordAt(at);
            } catch (SpoolCodec.UnreadableRecordException unreadable) {
                newer = true;
                break; // intact but from a newer format: kept where it is, never skipped
            }
            if (e.isPresent()) {
                out.add(e.get());
                at = r.bufAt + r.buf.position();
                continue;
            }
            long next = r.nextIntactAfter(at);
            if (next < 0) break; // nothing intact follows: a torn or growing tail, read again later
            regions++;
            skipped += next - at;
            at = next;
        }
        return new Chunk(out, at, r.length, regions, skipped, newer);
    }

    /** The intact record at {@code at}, leaving buf's position just past it; empty when there is none. */
    private Optional<LedgerEntry> recordAt(long at) throws IOException {
        if (!load(at, SpoolCodec.MAX_HEADER_BYTES)) return Optional.empty();
        int need = SpoolCodec.framedLength(buf);
        if (need < 0 || at + need > length || !load(at, need)) return Optional.empty();
        return SpoolCodec.read(buf);
    }

    /**
     * The offset of the first sync marker after {@code at} that starts an intact record, or -1. Only framing 2
     * has markers: in a segment of framing 1 a damaged record still ends what is read.
     */
    private long nextIntactAfter(long at) throws IOException {
        long q = at + 1;
        while (q + 1 < length) {
            if (!load(q, 2)) return -1;
            int i = buf.position(), limit = buf.limit() - 1;
            while (i < limit && !(buf.get(i) == SpoolCodec.SYNC_0 && buf.get(i + 1) == SpoolCodec.SYNC_1)) i++;
            q = bufAt + i;
            if (i == limit) continue; // the next window starts at the last byte, which may begin a marker
            try {
                if (recordAt(q).isPresent()) return q;
            } catch (SpoolCodec.UnreadableRecordException newer) {
                return q; // intact: the read resumes there and stops at it
            }
            q++;
        }
        return -1;
    }

    /**
     * Makes buf hold the file's bytes from {@code at} on, at least {@code bytes} of them or up to the file's end,
     * with its position at {@code at}; false when the file has no byte there.
     */
    private boolean load(long at, int bytes) throws IOException {
        if (at >= length) return false;
        long want = Math.min(bytes, length - at);
        if (at < bufAt || at + want > bufAt + buf.limit()) {
            if (want > buf.capacity()) buf = ByteBuffer.allocate((int) want); // a record longer than a chunk
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), length - at));
            bufAt = at;
            while (buf.hasRemaining() && ch.read(buf, bufAt + buf.position()) > 0) {
                // fill what the file has
            }
            buf.flip();
            if (buf.limit() < want) return false; // the file shrank under us
        }
        buf.position((int) (at - bufAt));
        return true;
    }
}
