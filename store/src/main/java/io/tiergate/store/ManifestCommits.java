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

    /**
     * Deletes the manifest {@code find} returns (it runs under the lock), then its blobs no other manifest
     * names. Every manifest is read first: when one is unreadable (it may name the same blobs) the remove
     * fails before changing anything, naming that manifest, rather than after deleting this one.
     */
    ModelManifest remove(Supplier<ModelManifest> find) {
        return locked(() -> {
            ModelManifest m = find.get();
            List<ModelManifest> others = manifests.all().stream().filter(o -> !o.name().equals(m.name())).toList();
            manifests.delete(m.name());
            deleteUnusedBlobsOf(m, others);
            return m;
        });
    }

    /**
     * Writes {@code m}; the blobs of a manifest it replaces (an older revision, another file) go when unused.
     * An unreadable manifest in the way is replaced (pulling again is how it is repaired), and while any
     * manifest is unreadable no blob is deleted: it may name them (they stay as spare files).
     */
    private void write(ModelManifest m) {
        Optional<ModelManifest> replaced;
        try {
            replaced = manifests.read(m.name());
        } catch (ModelStoreException unreadable) {
            replaced = Optional.empty(); // its blobs are unknown: left as spare files
        }
        manifests.write(m);
        if (replaced.isEmpty()) return;
        List<ModelManifest> all;
        try {
            all = manifests.all();
        } catch (ModelStoreException unreadable) {
            return; // the model is stored; its old blobs stay until a remove can read every manifest
        }
        deleteUnusedBlobsOf(replaced.get(), all);
    }

    /** Deletes the blobs of {@code gone} that none of {@code kept} names. */
    private void deleteUnusedBlobsOf(ModelManifest gone, List<ModelManifest> kept) {
        Set<String> used = new HashSet<>();
        for (ModelManifest m : kept) {
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
