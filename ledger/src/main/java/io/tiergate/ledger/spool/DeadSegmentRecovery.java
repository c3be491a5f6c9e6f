package io.tiergate.ledger.spool;

import io.tiergate.ledger.LedgerDatabase;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/** {@link LedgerSpool#recoverOthers}: indexes the segments other processes left in a spool directory. */
final class DeadSegmentRecovery {
    private static final System.Logger LOG = System.getLogger(LedgerSpool.class.getName());

    private DeadSegmentRecovery() {}

    static SpoolRecovery recoverOthers(Path dir, LedgerDatabase db, int sliceEntries) throws IOException, SQLException {
        if (!Files.isDirectory(dir)) return SpoolRecovery.NOTHING;
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(LedgerSpool.SUFFIX)).sorted().toList();
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
        if (LedgerSpool.OWNED_HERE.contains(f.toAbsolutePath())) {
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
                LedgerSpool.noteDamage(f, p);
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
}
