package io.tiergate.store;

/** How {@link ModelStore#importFile(java.nio.file.Path, String, ImportMode)} brings a file into the store. */
public enum ImportMode {

    /**
     * Copies the file into {@code blobs/} (hashing it during the one read), so the store owns its bytes:
     * the user may then rewrite, move or delete the original. The default; costs the file's size in disk.
     */
    COPY,

    /**
     * Hard-links the file as its blob: no extra disk space, but the blob then IS the user's file. Rewriting
     * that file in place (an editor, {@code >} truncation, re-quantising to the same path) changes the bytes
     * under the blob's sha256 name and can truncate a model the engine has memory-mapped (a SIGBUS). Needs
     * the file and the store on one file system.
     */
    HARD_LINK
}
