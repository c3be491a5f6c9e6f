package io.tiergate.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every change to which models the store holds, made under one store-wide lock ({@link StorePaths#storeLock()}:
 * an OS file lock, so the CLI and a running server take turns, plus the in-JVM lock {@link BlobLock} adds):
 * writing a manifest, removing one, and deleting the blobs no manifest names any more. Downloads and
 * copies, which take minutes, run outside it; only the short step that makes blobs visible through a
 * manifest, or invisible, runs under it. What this keeps true:
 * <ul>
 *   <li>a manifest is written only after checking, under the lock, that every blob it names is complete;</li>
 *   <li>a blob is deleted only when, under the lock, no manifest names it;</li>
 *   <li>a manifest is deleted before its blobs, so a crash in between leaves spare blobs, never half a model.</li>
 * </ul>
 * Lock order: the store lock may be taken alone, never while holding a {@link BlobLock} on a blob (a pull
 * holds those while downloading, and this class never waits for one).
 */
final class ManifestCommits {

    private final StorePaths paths;
    private final JsonManifests manifests;

    ManifestCommits(StorePaths paths, JsonManifests manifests) {
        this.paths = paths;
        this.manifests = manifests;
    }

    /**
     * Writes the manifest {@code build} makes from the blobs' paths, if every file's blob is there and
     * complete; empty when one is missing (deleted by a remove since it was downloaded: fetch it again).
     */
    Optional<ModelManifest> publishIfComplete(List<ModelManifest.ModelFile> files, Function<List<Path>, ModelManifest> build) {
        return locked(() -> {
            for (ModelManifest.ModelFile f : files) {
                Path blob = paths.blob(f.sha256());
                if (!Files.isRegularFile(blob) || StorageErrors.size(blob) != f.bytes()) return Optional.empty();
            }
            ModelManifest m = build.apply(files.stream().map(f -> paths.blob(f.sha256())).toList());
            write(m);
            return Optional.of(m);
        });
    }

    /** Gives the staged files their blob names and writes {@code m}, which names them, in one locked step. */
    ModelManifest publishStaged(List<StagedBlob> staged, ModelManifest m) {
        return locked(() -> {
            for (StagedBlob s : staged) s.place(paths);
            write(m);
            return m;
        });
    }

    /** Deletes the manifest {@code find} returns (it runs under the lock), then its blobs no other manifest names. */
    ModelManifest remove(Supplier<ModelManifest> find) {
        return locked(() -> {
            ModelManifest m = find.get();
            manifests.delete(m.name());
            deleteUnusedBlobsOf(m);
            return m;
        });
    }

    /** Writes {@code m}; the blobs of a manifest it replaces (an older revision, another file) go when unused. */
    private void write(ModelManifest m) {
        Optional<ModelManifest> replaced = manifests.read(m.name());
        manifests.write(m);
        replaced.ifPresent(this::deleteUnusedBlobsOf);
    }

    private void deleteUnusedBlobsOf(ModelManifest gone) {
        Set<String> used = new HashSet<>();
        for (ModelManifest m : manifests.all()) {
            for (ModelManifest.ModelFile f : m.files()) used.add(f.sha256());
        }
        boolean deleted = false;
        for (ModelManifest.ModelFile f : gone.files()) {
            if (used.contains(f.sha256())) continue;
            StorageErrors.delete(paths.blob(f.sha256()));
            deleted = true;
        }
        if (deleted) Fsync.directory(paths.blobs());
    }

    private <T> T locked(Supplier<T> action) {
        try (BlobLock ignored = BlobLock.acquire(paths.storeLock())) {
            return action.get();
        }
    }
}
