package io.tiergate.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Runs local file operations and turns their {@link IOException}s into {@link ModelStoreException#storage}
 * errors a person can act on: "disk full", "permission denied", "not a directory", each naming the path.
 */
public final class StorageErrors {

    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }

    @FunctionalInterface
    public interface IoSupplier<T> {
        T get() throws IOException;
    }

    private StorageErrors() {}

    public static void run(Path path, IoAction action) {
        call(path, () -> {
            action.run();
            return Boolean.TRUE;
        });
    }

    public static <T> T call(Path path, IoSupplier<T> action) {
        try {
            return action.get();
        } catch (IOException e) {
            throw translate(path, e);
        }
    }

    public static ModelStoreException translate(Path path, IOException e) {
        String msg = String.valueOf(e.getMessage());
        String where = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : path.toString();
        if (msg.contains("No space left") || msg.contains("Disk quota exceeded") || msg.contains("not enough space")) {
            return ModelStoreException.storage("disk full while writing " + where
                    + "; free some space (./tiergate models, ./tiergate rm NAME) and pull again");
        }
        if (e instanceof AccessDeniedException || msg.contains("Permission denied") || msg.contains("Operation not permitted")
                || msg.contains("Read-only file system")) {
            return ModelStoreException.storage("permission denied: cannot write " + where
                    + "; make the store writable or point TIERGATE_HOME at a writable directory");
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException || msg.contains("Not a directory")) {
            return ModelStoreException.storage("cannot use " + where + " as part of the model store: a file is in the way");
        }
        if (e instanceof NoSuchFileException) {
            return ModelStoreException.storage("no such file or directory: " + where);
        }
        return ModelStoreException.storage("cannot write the model store at " + where + ": " + reasonOf(e));
    }

    /** The system's reason for a failure ("Permission denied"), without the path a message names anyway. */
    public static String reasonOf(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
    }

    /** Size in bytes, 0 when the file does not exist. */
    public static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            throw translate(p, e);
        }
    }

    /** Deletes if present; a failure to delete is reported, never swallowed. */
    public static void delete(Path p) {
        run(p, () -> Files.deleteIfExists(p));
    }

    public static void createDirectories(Path dir) {
        run(dir, () -> Files.createDirectories(dir));
    }
}
