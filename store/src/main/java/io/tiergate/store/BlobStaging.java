package io.tiergate.store;

import io.tiergate.store.hub.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Brings one local file into {@code blobs/} under a temporary name, hashing it on the way: a copy (the
 * default, one read of the source, synced before it can be renamed) or, when asked, a hard link.
 */
final class BlobStaging {

    private static final int BUFFER_BYTES = 1 << 20;
    /** How long an import's temporary file may sit unchanged before it counts as left by a crash. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(24);

    private BlobStaging() {}

    static StagedBlob stage(Path source, StorePaths paths, ImportMode mode) {
        StorageErrors.createDirectories(paths.blobs());
        return switch (mode) {
            case COPY -> copy(source, paths.blobs());
            case HARD_LINK -> link(source, paths.blobs());
        };
    }

    /** Copies {@code source} to a temporary file in {@code blobsDir}, hashing the bytes as they are written. */
    private static StagedBlob copy(Path source, Path blobsDir) {
        // not Files.createTempFile: its files are owner-only (0600), and a blob follows the umask like a download
        Path temp = temporaryName(blobsDir);
        FileChannel created = StorageErrors.call(temp, () -> FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        try {
            MessageDigest md = Sha256.digest();
            long bytes = 0;
            try (InputStream in = open(source); FileChannel out = created) {
                byte[] buf = new byte[BUFFER_BYTES];
                int n;
                while ((n = read(in, buf, source)) > 0) {
                    md.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    StorageErrors.run(temp, () -> {
                        while (bb.hasRemaining()) out.write(bb);
                    });
                    bytes += n;
                }
                StorageErrors.run(temp, () -> out.force(true));
            } catch (IOException closing) {
                throw StorageErrors.translate(temp, closing);
            }
            return new StagedBlob(temp, HexFormat.of().formatHex(md.digest()), bytes);
        } catch (RuntimeException e) {
            closeQuietly(created);
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Hard-links {@code source} under a temporary name, then hashes the link (the very bytes the blob will hold). */
    private static StagedBlob link(Path source, Path blobsDir) {
        Path temp = temporaryName(blobsDir);
        try {
            // the real path: link(2) of a symbolic link links the link itself, and a relative one breaks in blobs/
            Path target = source.toRealPath();
            Files.createLink(temp, target);
        } catch (IOException | UnsupportedOperationException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw ModelStoreException.storage("cannot hard-link " + source + " into " + blobsDir + " (" + reason
                    + "); --link needs the file and the store on one file system that supports hard links;"
                    + " import without --link to copy the file instead");
        }
        try {
            return new StagedBlob(temp, Sha256.of(temp), StorageErrors.size(temp));
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Deletes the {@code .import-*.tmp} files an import that crashed (or was killed) left in {@code blobsDir},
     * hidden from {@code models} but holding a whole model's bytes. One counts as abandoned once neither its
     * bytes (mtime: a copy in progress writes continuously) nor its links (ctime: a hard link just made)
     * changed for {@code age}. Best effort: a file that cannot be examined is left alone.
     */
    static void deleteAbandoned(Path blobsDir, Duration age) {
        if (!Files.isDirectory(blobsDir)) return;
        Instant cutoff = Instant.now().minus(age);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(blobsDir, ".import-*.tmp")) {
            for (Path p : temps) {
                if (lastChange(p).isBefore(cutoff)) Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException leftAlone) {
            // stray files cost disk space, never correctness; the next import or rm tries again
        }
    }

    private static Instant lastChange(Path p) throws IOException {
        Instant modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        try {
            Instant changed = ((FileTime) Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
            return changed.isAfter(modified) ? changed : modified;
        } catch (UnsupportedOperationException | IllegalArgumentException noCtime) {
            return modified;
        }
    }

    private static Path temporaryName(Path blobsDir) {
        return blobsDir.resolve(".import-" + UUID.randomUUID() + ".tmp");
    }

    private static InputStream open(Path source) {
        try {
            return Files.newInputStream(source);
        } catch (IOException e) {
            throw ModelStoreException.invalid("cannot read " + source + ": " + StorageErrors.reasonOf(e));
        }
    }

    private static int read(InputStream in, byte[] buf, Path source) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw ModelStoreException.invalid("cannot read " + source + ": " + StorageErrors.reasonOf(e));
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing after a failure: the failure is what gets reported
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the failure being reported matters more; a stray .import-*.tmp is never read as a blob
        }
    }
}
