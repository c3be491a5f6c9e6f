package io.tiergate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one blob while it is downloaded or imported, across threads of this JVM (a
 * {@link ReentrantLock} per lock file, since a JVM may not hold two {@link FileLock}s on one file) and
 * across processes (an OS file lock on {@code locks/<sha>.lock}). The second puller waits, then finds
 * the blob already complete. The same lock on {@code locks/store.lock} serialises manifest changes
 * ({@link ManifestCommits}). Not reentrant: a thread must not acquire a lock file it already holds
 * (the JVM refuses a second OS lock on one file).
 */
public final class BlobLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread holds the lock for {@code lockFile}. */
    public static BlobLock acquire(Path lockFile) {
        StorageErrors.createDirectories(lockFile.getParent());
        ReentrantLock l = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        l.lock();
        FileChannel ch = null;
        try {
            ch = StorageErrors.call(lockFile, () -> FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            FileChannel opened = ch;
            FileLock fl = StorageErrors.call(lockFile, opened::lock);
            return new BlobLock(l, ch, fl);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            l.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        } finally {
            closeQuietly(channel);
            threadLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do: the lock dies with the channel
        }
    }
}
