package io.tiergate.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store keeps its files, under {@code TIERGATE_HOME/models} (default {@code ~/.tiergate/models}):
 * <pre>
 *   blobs/sha256-&lt;hex&gt;          verified GGUF files, named by content (shared between models)
 *   manifests/&lt;name&gt;.json       one per model; the name is URL-encoded ('/' and ':' escaped)
 *   partial/&lt;hex&gt;.part          downloads in progress (resumed with HTTP Range)
 *   locks/&lt;hex&gt;.lock            per-blob file locks, so concurrent pulls (threads or processes) take turns
 *   locks/store.lock            the store-wide lock under which manifests are written and removed
 *   blobs/.import-*.tmp         imports being copied (not blobs yet; one a crash left is deleted a day later)
 * </pre>
 */
public record StorePaths(Path root) {

    public StorePaths {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code $TIERGATE_HOME/models}, or {@code ~/.tiergate/models} when the variable is unset or blank. */
    public static StorePaths fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static StorePaths fromEnvironment(Map<String, String> env, Path userHome) {
        String home = env.getOrDefault("TIERGATE_HOME", "");
        Path base = home.isBlank() ? userHome.resolve(".tiergate") : Path.of(home);
        return new StorePaths(base.resolve("models"));
    }

    public Path blobs() { return root.resolve("blobs"); }

    public Path manifests() { return root.resolve("manifests"); }

    public Path partials() { return root.resolve("partial"); }

    public Path locks() { return root.resolve("locks"); }

    public Path blob(String sha256) { return blobs().resolve("sha256-" + sha256); }

    public Path partial(String sha256) { return partials().resolve(sha256 + ".part"); }

    public Path lock(String sha256) { return locks().resolve(sha256 + ".lock"); }

    /** The lock held while manifests are written or removed and unused blobs deleted (see {@link ManifestCommits}). */
    public Path storeLock() { return locks().resolve("store.lock"); }

    public Path manifest(String modelName) {
        return manifests().resolve(URLEncoder.encode(modelName, StandardCharsets.UTF_8) + ".json");
    }

    /** The model name a manifest file was written for (inverse of {@link #manifest}). */
    public static String modelNameOf(Path manifestFile) {
        String file = manifestFile.getFileName().toString();
        return URLDecoder.decode(file.substring(0, file.length() - ".json".length()), StandardCharsets.UTF_8);
    }
}
