package io.tiergate.store.progress;

/**
 * Receives progress of a model pull. Calls come from the pulling thread, in order:
 * {@code start}, any number of {@code advance}, then {@code finish} — once per file.
 */
public interface PullProgress {

    /**
     * A file begins (or resumes) downloading.
     *
     * @param totalBytes   the file's full size
     * @param resumedBytes bytes already present from an earlier, interrupted download
     */
    void start(String file, long totalBytes, long resumedBytes);

    /** {@code doneBytes} of the file are now on disk (including resumed bytes). */
    void advance(long doneBytes);

    /** The file is complete and verified. */
    void finish(String file);

    /** A one-line status message ("verifying sha256", "already present", "retrying"...). */
    void note(String message);

    static PullProgress silent() {
        return new PullProgress() {
            @Override public void start(String file, long totalBytes, long resumedBytes) {}
            @Override public void advance(long doneBytes) {}
            @Override public void finish(String file) {}
            @Override public void note(String message) {}
        };
    }
}
