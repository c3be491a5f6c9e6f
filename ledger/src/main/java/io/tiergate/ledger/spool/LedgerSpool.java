package io.tiergate.ledger.spool;

import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

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
 * <p>While the database refuses entries they wait here, but at most {@code maxBytes} of them: past that an
 * append throws {@link SpoolFullException}, as a full disk makes it throw, so an outage of hours cannot fill the
 * disk the database and the home directory live on. A damaged record in a segment is skipped up to the next
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
    private static final Set<Path> OWNED_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final LedgerDatabase db;
    /** Most bytes of unindexed records this spool holds before it refuses appends. */
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
     *                            past {@code maxBytes} (a batch into an empty spool is always taken)
     * @throws IOException        when the segment cannot be written (a full disk); what the failed write left is
     *                            cut off, so the segment stays whole
     */
    public void append(List<byte[]> batch) throws IOException {
        long bytes = 0;
        for (byte[] r : batch) bytes += r.length;
        if (unindexedBytes > 0 && unindexedBytes + bytes > maxBytes) {
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
                    + " were refused while it was full (each went straight to the database, or was counted as failed)");
            refusedEntries = 0;
        }
    }

    private void refuse(int entries) throws SpoolFullException {
        String why = "the ledger spool " + dir + " is full: " + unindexedBytes + " bytes of entries wait for "
                + db.describe() + ", ledger.spool-max-bytes is " + maxBytes;
        if (refusedEntries == 0) {
            LOG.log(System.Logger.Level.ERROR, why + "; until the database takes them, new entries go straight to it"
                    + " and are lost (counted as failed) when it refuses them too");
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

    private static void noteDamage(Path segment, SpoolIndexer.Progress p) {
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
        if (!Files.isDirectory(dir)) return SpoolRecovery.NOTHING;
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        SpoolRecovery found = SpoolRecovery.NOTHING;
        try (Connection c = db.connect()) {
            for (Path f : files) {
                found = found.plus(recoverOne(c, db, f, sliceEntries));
            }
        }
        return found;
    }

    private static SpoolRecovery recoverOne(Connection c, LedgerDatabase db, Path f, int sliceEntries) throws IOException, SQLException {
        if (OWNED_HERE.contains(f.toAbsolutePath())) {
            return SpoolRecovery.NOTHING; // its writer in this JVM indexes it; opening it here would drop that writer's lock
        }
        String name = f.getFileName().toString();
        FileChannel ch;
        try {
            ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (java.nio.file.NoSuchFileException gone) {
            return SpoolRecovery.NOTHING;
        }
        try (ch) {
            FileLock lock = tryLock(ch);
            // What the file holds now: a live writer keeps appending, and chasing it would never end.
            long end = ch.size();
            long copied = 0, regions = 0, skipped = 0, torn = 0;
            SpoolIndexer.Progress p;
            do {
                p = SpoolIndexer.index(c, db.dialect(), name, ch, sliceEntries);
                noteDamage(f, p);
                copied += p.entries();
                regions += p.damagedRegions();
                skipped += p.skippedBytes();
            } while (p.entries() > 0 && p.to() < end);
            if (lock != null && p.newerAtEnd()) {
                // Deleting it would lose what a newer Tiergate wrote; that Tiergate resumes from the position.
                LOG.log(System.Logger.Level.WARNING, "ledger spool: " + f + " holds entries of a newer spool format from"
                        + " offset " + p.to() + "; kept for the Tiergate that wrote them");
            } else if (lock != null) {
                if (!p.reachedEnd()) {
                    torn = p.fileLength() - p.to();
                    LOG.log(System.Logger.Level.WARNING, "ledger spool: " + torn
                            + " bytes at the end of " + f + " are not a whole entry (the process died mid-write); skipped");
                }
                Files.deleteIfExists(f);
                SpoolIndexer.forget(c, name);
            }
            return new SpoolRecovery(copied, regions, skipped, torn);
        }
    }

    /** The lock, or null when a live process (this one included) holds the file. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            return null;
        }
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
