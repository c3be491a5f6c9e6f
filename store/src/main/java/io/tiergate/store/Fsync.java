package io.tiergate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces a file's bytes, or a directory's entries, to the disk. A rename is atomic but not durable: after
 * a power cut, a blob moved under its sha256 name before its bytes reached the disk can come back empty
 * or short, and a manifest can name a blob whose directory entry was lost. So a file is synced before it
 * is moved into place, and its directory after.
 */
public final class Fsync {

    private Fsync() {}

    /**
     * fsync(2) of the file's data and metadata (any descriptor of the file flushes the whole inode). Opened
     * for writing (nothing is written): on Windows FlushFileBuffers needs a writable handle, and the JDK
     * ignores its access-denied error on a read-only one, so a read-only channel would sync nothing there.
     */
    public static void file(Path file) {
        StorageErrors.run(file, () -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        });
    }

    /**
     * fsync(2) of a directory, so the names created or removed in it survive a crash. Best effort: some
     * platforms (Windows) cannot open a directory as a channel, and there a rename is durable by other means.
     */
    public static void directory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // nothing more can be done here; the data itself was synced before the rename
        }
    }
}
