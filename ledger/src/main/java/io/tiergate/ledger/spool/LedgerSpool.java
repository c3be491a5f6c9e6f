package io.tiergate.ledger.spool;

import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's write-ahead spool: a directory of append-only segment files. The writer appends each
 * batch of entries to this process's current segment (one {@code write} call, no database work), and
 * copies them into the database later with {@link #indexSome} — at once when the gateway is not busy,
 * deferred while it is. Either way an appended entry survives a {@code kill -9}: the next start
 * ({@link #recoverOthers}) indexes every segment a dead process left. Each append is also synced to the disk
 * ({@code FileChannel.force}, once per batch on the writer thread, never on a request's), and so is the directory
 * once per new segment, so an appended entry survives a power loss too.
 *
 * <p>A process holds an exclusive file lock on the segments it writes; a segment nobody holds belongs
 * to a dead process and is indexed and then deleted; a held one is only indexed (an {@code audit}
 * command reading while the gateway runs). Not thread-safe: one writer thread owns it.
 *
 * <p>While the database refuses entries they wait here, but at most {@code maxBytes} of them, so an outage of hours
 * cannot fill the disk the database and the home directory live on. Like a write-ahead log that is full, the
 * gateway then stops admitting new requests: {@link #admitsNewRequests} turns false at seven eighths of the cap
 * ({@link #admitLimitBytes}), and the last eighth is the headroom in which requests already admitted still record.
 * An append past the cap itself throws {@link SpoolFullException} (the writer keeps such a batch in memory and
 * appends it once the database has taken some of the backlog). A damaged record in a segment is skipped up to the next
 * intact one ({@link SpoolReader}) and logged.
 */
public final class LedgerSpool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LedgerSpool.class.getName());
    static final String SUFFIX = ".spool";
    /** A segment is closed and a new one started past this size; a deleted segment returns its disk. */
    private static final long SEGMENT_BYTES = 32L << 20;
    /** The append buffer: ~6,000 typical records, more than a busy gateway's 75 ms linger gathers. */
    private static final int OUT_BYTES = 1 << 20;
    /**
     * Segments written by spools of this JVM. Locks are per process and closing any descriptor of a
     * file drops them (POSIX), so no other code here may open these files.
     */
    static final Set<Path> OWNED_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final LedgerDatabase db;
    /** Most bytes of unindexed records this spool holds before it refuses appends (not while closing). */
    private final long maxBytes;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** Appended batches not yet known to be indexed, oldest first. */
    private final ArrayDeque<Batch> unindexed = new ArrayDeque<>();
    private long unindexedEntries;
    private long unindexedBytes;
    /** Entries refused since the spool last accepted a batch: the cap's episode, logged at its start and end. */
    private long refusedEntries;
    private int sequence;
    /** Syncs of appended batches to the disk since this spool was opened (one per successful append). */
    private long syncs;
    private boolean directorySyncFailed;
    /**
     * The batch is copied into this direct buffer, kept between appends, and written a buffer at a time (one write
     * for a usual batch). A gathering write of the records' heap arrays made the JDK copy each into a temporary
     * direct buffer of its own and pass one iovec per record. Fixed size, so a batch of records with long kept
     * texts does not grow it; a record larger than it is written on its own.
     */
    private final ByteBuffer out = ByteBuffer.allocateDirect(OUT_BYTES);

    private record Batch(Segment segment, long end, long bytes, int entries, long appendedNanos) {}

    private static final class Segment {
        final String name;
        final Path path;
        final FileChannel channel; // holds the segment's lock until closed
        long length;
        /** A failed append left bytes this spool could not cut off: nothing more is appended here. */
        boolean retired;

        Segment(String name, Path path, FileChannel channel) {
            this.name = name;
            this.path = path;
            this.channel = channel;
        }
    }

    /** With the default cap, {@link LedgerConfig#DEFAULT_SPOOL_MAX_BYTES}. */
    public LedgerSpool(Path dir, LedgerDatabase db) {
        this(dir, db, LedgerConfig.DEFAULT_SPOOL_MAX_BYTES);
    }

    /** @param maxBytes most bytes of records waiting for the database ({@code ledger.spool-max-bytes}) */
    public LedgerSpool(Path dir, LedgerDatabase db, long maxBytes) {
        if (maxBytes < 1) throw new IllegalArgumentException("ledger.spool-max-bytes must be positive, was " + maxBytes);
        this.dir = dir;
        this.db = db;
        this.maxBytes = maxBytes;
    }

    /**
     * Appends {@code batch}, records framed by {@link SpoolCodec#encode}, to this process's current
     * segment and syncs it to the disk; on return the entries survive a crash of the process or a power loss.
     *
     * @throws SpoolFullException when the spool already holds unindexed records and this batch would take them
     *                            past {@code maxBytes} (a batch into an empty spool is always taken); nothing is
     *                            written, and the caller keeps the batch
     * @throws IOException        when the segment cannot be written (a full disk); what the failed write left is
     *                            cut off, so the segment stays whole
     */
    public void append(List<byte[]> batch) throws IOException {
        append(batch, false);
    }

    /**
     * As {@link #append(List)}; with {@code mayPassCap} the cap is not checked: a stopping writer spools what it
     * still holds (at most its queue, bounded) rather than lose it.
     */
    public void append(List<byte[]> batch, boolean mayPassCap) throws IOException {
        long bytes = bytes(batch);
        if (!mayPassCap && !hasRoomFor(bytes)) {
            refuse(batch.size());
        }
        Segment s = current();
        try {
            out.clear();
            for (byte[] r : batch) {
                if (r.length > out.remaining()) writeOut(s);
                if (r.length > out.capacity()) {
                    writeFully(s, ByteBuffer.wrap(r));
                } else {
                    out.put(r);
                }
            }
            writeOut(s);
            // Data and the file's length (fdatasync), not its times: ~1–10 ms on the writer thread per batch, about
            // 13 a second at the default flush interval, whatever the request rate.
            s.channel.force(false);
            syncs++;
        } catch (IOException e) {
            cutOff(s);
            throw e;
        }
        s.length += bytes;
        unindexed.addLast(new Batch(s, s.length, bytes, batch.size(), System.nanoTime()));
        unindexedEntries += batch.size();
        unindexedBytes += bytes;
        if (refusedEntries > 0) {
            LOG.log(System.Logger.Level.WARNING, "ledger spool: accepting entries again; " + refusedEntries
                    + " were held back while it was full");
            refusedEntries = 0;
        }
    }

    private void refuse(int entries) throws SpoolFullException {
        String why = "the ledger spool " + dir + " is full: " + unindexedBytes + " bytes of entries wait for "
                + db.describe() + ", ledger.spool-max-bytes is " + maxBytes;
        if (refusedEntries == 0) {
            LOG.log(System.Logger.Level.ERROR, why + "; until the database takes some of them, new entries wait in memory");
        }
        refusedEntries += entries;
        throw new SpoolFullException(why);
    }

    /** Removes a failed append's partial bytes, so that the records after them are not read as damage. */
    private void cutOff(Segment s) {
        try {
            s.channel.truncate(s.length);
            s.channel.position(s.length);
        } catch (IOException e) {
            s.retired = true; // its reader skips the partial bytes up to the next record, if any ever follows
            LOG.log(System.Logger.Level.WARNING, "ledger spool: cannot cut a failed append off " + s.path + ": "
                    + e.getMessage() + "; the next append starts a new segment");
        }
    }

    private void writeOut(Segment s) throws IOException {
        out.flip();
        writeFully(s, out);
        out.clear();
    }

    /** At the channel's position, which only appends move (reads are positional). */
    private static void writeFully(Segment s, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            s.channel.write(b);
        }
    }

    /** Entries appended by this process and not yet known to be in the database. */
    public long backlog() {
        return unindexedEntries;
    }

    /** Bytes of the records appended by this process and not yet known to be in the database. */
    public long unindexedBytes() {
        return unindexedBytes;
    }

    /** Batches synced to the disk ({@code FileChannel.force}) since this spool was opened: one per append. */
    public long syncs() {
        return syncs;
    }

    /** Framed bytes of {@code batch}'s records. */
    public static long bytes(List<byte[]> batch) {
        long bytes = 0;
        for (byte[] r : batch) bytes += r.length;
        return bytes;
    }

    /** True when a batch of {@code bytes} may be appended now: it stays within the cap, or the spool is empty. */
    public boolean hasRoomFor(long bytes) {
        return unindexedBytes == 0 || unindexedBytes + bytes <= maxBytes;
    }

    /**
     * How many of {@code records}, from the first, may be appended now: all into an empty spool (so a cap smaller
     * than one batch cannot refuse forever), else as many as stay within the cap.
     */
    public int recordsThatFit(List<byte[]> records) {
        if (unindexedBytes == 0) return records.size();
        long room = maxBytes - unindexedBytes;
        int n = 0;
        while (n < records.size() && room >= records.get(n).length) {
            room -= records.get(n).length;
            n++;
        }
        return n;
    }

    /**
     * Seven eighths of the cap: past it the gateway admits no new request ({@link #admitsNewRequests}). The last
     * eighth (128 MiB, ~800,000 typical entries, at the default 1 GiB; 128 KiB at the smallest cap, 1 MiB) is for
     * the entries of requests admitted before: what arrives within one flush interval and what is still streaming.
     */
    public long admitLimitBytes() {
        return maxBytes - maxBytes / 8;
    }

    /**
     * Three quarters of the cap: past it entries are copied into the database even while the gateway is busy, so
     * a database that only lags behind never brings the spool to {@link #admitLimitBytes}.
     */
    public long pressureBytes() {
        return maxBytes / 4 * 3;
    }

    /** False once the entries waiting for the database reach {@link #admitLimitBytes}. */
    public boolean admitsNewRequests() {
        return unindexedBytes < admitLimitBytes();
    }

    /** The cap on {@link #unindexedBytes()}. */
    public long maxBytes() {
        return maxBytes;
    }

    /** How long the oldest unindexed entry has waited, in nanoseconds; 0 when none waits. */
    public long oldestWaitNanos(long nowNanos) {
        Batch b = unindexed.peekFirst();
        return b == null ? 0 : nowNanos - b.appendedNanos();
    }

    /**
     * Copies at most {@code maxEntries} of this process's unindexed entries into the database, in one
     * transaction; deletes segments that are complete. Returns the entries now known to be indexed
     * (more than were copied when another process indexed some of them).
     */
    public int indexSome(Connection c, int maxEntries) throws SQLException, IOException {
        Batch head = unindexed.peekFirst();
        if (head == null) return 0;
        Segment s = head.segment();
        SpoolIndexer.Progress p = SpoolIndexer.index(c, db.dialect(), s.name, s.channel, maxEntries);
        noteDamage(s.path, p);
        int done = 0;
        while (!unindexed.isEmpty() && unindexed.peekFirst().segment() == s && unindexed.peekFirst().end() <= p.to()) {
            Batch b = unindexed.removeFirst();
            done += b.entries();
            unindexedBytes -= b.bytes();
        }
        unindexedEntries -= done;
        // A segment other than the current one with nothing left to index is complete: delete it.
        while (segments.size() > 1 && (unindexed.isEmpty() || unindexed.peekFirst().segment() != segments.peekFirst())) {
            delete(c, segments.removeFirst());
        }
        return done;
    }

    static void noteDamage(Path segment, SpoolIndexer.Progress p) {
        if (p.damagedRegions() > 0) {
            LOG.log(System.Logger.Level.WARNING, "ledger spool: skipped " + p.skippedBytes() + " damaged bytes ("
                    + p.damagedRegions() + " run(s), each usually one entry) in " + segment + " between offsets "
                    + p.from() + " and " + p.to() + "; the intact entries after them are indexed");
        }
    }

    /**
     * Indexes every segment in the directory that this spool does not own, deleting those no live
     * process holds. Damaged records in the middle of a segment are skipped up to the next intact one;
     * damaged tails (a write cut short by a crash) are skipped: they are the entries of the last interval
     * before the crash. Both are logged and counted in what this returns. A segment that reaches records of a
     * newer format (a later Tiergate wrote them before this one was started) is indexed up to them and kept.
     */
    public static SpoolRecovery recoverOthers(Path dir, LedgerDatabase db, int sliceEntries) throws IOException, SQLException {
        return DeadSegmentRecovery.recoverOthers(dir, db, sliceEntries);
    }

    private Segment current() throws IOException {
        Segment last = segments.peekLast();
        if (last != null && !last.retired && last.length < SEGMENT_BYTES) return last;
        Files.createDirectories(dir);
        String name = "%013d-%d-%04d%s".formatted(System.currentTimeMillis(), ProcessHandle.current().pid(), sequence++, SUFFIX);
        Path path = dir.resolve(name);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ch.lock();
        OWNED_HERE.add(path.toAbsolutePath());
        Segment s = new Segment(name, path, ch);
        segments.addLast(s);
        syncDirectory();
        return s;
    }

    /**
     * Makes the new segment's directory entry durable: a synced file that no synced directory names is lost with
     * the power too. Once per segment (32 MiB). Not every platform can open a directory (Windows): there the
     * segment's name waits for the file system's own flush, which is logged once.
     */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!directorySyncFailed) {
                directorySyncFailed = true;
                LOG.log(System.Logger.Level.WARNING, "ledger spool: cannot sync the directory " + dir + " ("
                        + e.getMessage() + "); a new segment's name is durable only once the file system flushes it");
            }
        }
    }

    private void delete(Connection c, Segment s) throws IOException, SQLException {
        Files.deleteIfExists(s.path);
        release(s);
        SpoolIndexer.forget(c, s.name);
    }

    private static void release(Segment s) throws IOException {
        s.channel.close(); // releases the lock
        OWNED_HERE.remove(s.path.toAbsolutePath());
    }

    /**
     * Deletes this process's segments that are fully indexed and releases the rest for the next start
     * to recover.
     */
    @Override
    public void close() {
        try (Connection c = unindexed.isEmpty() && !segments.isEmpty() ? db.connect() : null) {
            while (!segments.isEmpty()) {
                Segment s = segments.removeFirst();
                if (c != null) {
                    delete(c, s);
                } else {
                    release(s);
                }
            }
        } catch (IOException | SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "ledger spool: closing " + dir + ": " + e.getMessage()
                    + "; the next start indexes what is left");
        }
        try {
            if (Files.isDirectory(dir)) {
                Files.deleteIfExists(dir); // only when empty: it is created again on the next append
            }
        } catch (IOException notEmptyOrGone) {
            // Another process's segments, or ours kept for the next start.
        }
    }
}
