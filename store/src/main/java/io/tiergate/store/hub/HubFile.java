package io.tiergate.store.hub;

/**
 * One file of a Hub repository as the tree listing reports it.
 *
 * @param path   path inside the repository, e.g. {@code Qwen3-0.6B-Q8_0.gguf}
 * @param bytes  file size in bytes (the LFS object's size for LFS files)
 * @param sha256 the LFS object id (lowercase hex SHA-256), empty for files not stored in LFS
 */
public record HubFile(String path, long bytes, String sha256) {

    public boolean isGguf() {
        return path.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf");
    }

    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
