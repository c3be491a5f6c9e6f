package io.tiergate.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file already in {@code blobs/} under a temporary name ({@code .import-*.tmp}), with the SHA-256 and
 * size of its bytes: not yet a blob, so no remove can see or delete it. {@link #place} gives it its name.
 *
 * @param temp   the temporary file, in the blobs folder (so the move to the final name is a rename)
 * @param sha256 lowercase hex SHA-256 of its content
 * @param bytes  its size in bytes
 */
record StagedBlob(Path temp, String sha256, long bytes) {

    /**
     * Renames the file to {@code blobs/sha256-<hex>}, or drops it when that blob is already there and
     * complete (same content by construction). Called under the store lock, right before the manifest that
     * names the blob is written, so a concurrent remove cannot delete the blob in between.
     */
    void place(StorePaths paths) {
        Path blob = paths.blob(sha256);
        if (Files.isRegularFile(blob) && StorageErrors.size(blob) == bytes) {
            discard();
            return;
        }
        StorageErrors.run(blob, () -> Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE));
        Fsync.directory(blob.getParent());
    }

    /** Deletes the temporary file (after a failure, or when the blob already exists). */
    void discard() {
        StorageErrors.delete(temp);
    }
}
