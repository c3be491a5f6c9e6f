package io.tiergate.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Manifests as pretty JSON files, one per model. Writes go to a temporary file first, synced, and are moved
 * into place atomically, so a reader (or a concurrent pull) never sees half a manifest. Readers take no
 * lock: a manifest removed between listing the folder and reading it is simply not there.
 */
final class JsonManifests {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final StorePaths paths;

    JsonManifests(StorePaths paths) {
        this.paths = paths;
    }

    void write(ModelManifest m) {
        Path target = paths.manifest(m.name());
        StorageErrors.createDirectories(target.getParent());
        StorageErrors.run(target, () -> {
            // not Files.createTempFile, whose files are owner-only (0600): a manifest follows the umask like a blob
            Path tmp = target.resolveSibling(".manifest-" + UUID.randomUUID() + ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), m);
                Fsync.file(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Fsync.directory(target.getParent());
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    Optional<ModelManifest> read(String name) {
        return parse(paths.manifest(name));
    }

    /** All manifests, sorted by model name. */
    List<ModelManifest> all() {
        Path dir = paths.manifests();
        if (!Files.isDirectory(dir)) return List.of();
        List<ModelManifest> out = new ArrayList<>();
        StorageErrors.run(dir, () -> {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                for (Path p : ds) parse(p).ifPresent(out::add);
            }
        });
        out.sort(Comparator.comparing(ModelManifest::name));
        return out;
    }

    void delete(String name) {
        StorageErrors.delete(paths.manifest(name));
        Fsync.directory(paths.manifests());
    }

    /** The manifest in {@code p}; empty when there is none (never written, or removed a moment ago). */
    private static Optional<ModelManifest> parse(Path p) {
        byte[] json;
        try {
            json = Files.readAllBytes(p);
        } catch (NoSuchFileException removed) {
            return Optional.empty();
        } catch (IOException e) {
            throw ModelStoreException.storage("manifest " + p + " is unreadable (" + StorageErrors.reasonOf(e) + ")");
        }
        try {
            return Optional.of(JSON.readValue(json, ModelManifest.class));
        } catch (IOException e) {
            throw ModelStoreException.storage("manifest " + p + " is unreadable (" + e.getMessage()
                    + "); delete it and pull the model again");
        }
    }
}
