package io.tiergate.store;

import io.tiergate.engine.ModelLocator;
import io.tiergate.store.gguf.GgufSummaries;
import io.tiergate.store.gguf.GgufSummary;
import io.tiergate.store.hub.HubClient;
import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.hub.HubDownloader;
import io.tiergate.store.hub.HubFile;
import io.tiergate.store.hub.RepoListing;
import io.tiergate.store.progress.PullProgress;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The local model store: pulls GGUF models from the Hugging Face Hub (or a mirror), imports local files,
 * lists, shows and removes them, and locates them for the engine. Files are content-addressed blobs
 * shared between models; each model has a manifest. See {@link StorePaths} for the layout.
 *
 * <p>Split GGUF models are kept as their parts (one blob each), not joined: every part is a complete GGUF
 * file with its own header ({@code split.no}, {@code split.count}), and llama.cpp loads a split model from
 * its first part. {@link #locate} returns the first part; {@link #parts} returns them all in order.
 *
 * <p>Safe to use from several threads and processes at once (the CLI next to a running server): downloads
 * take a per-blob lock, and every change to which manifests exist goes through {@link ManifestCommits}
 * under the store lock, so no manifest names a missing blob and no blob a manifest names is deleted.
 * Reads take no lock.
 */
public final class ModelStore implements ModelLocator {

    /** Download-then-publish rounds a pull makes when removes keep deleting the blobs it shares. */
    static final int PUBLISH_ROUNDS = 3;

    private final StorePaths paths;
    private final HubConfig hub;
    private final ModelCatalogue catalogue;
    private final JsonManifests manifests;
    private final ManifestCommits commits;

    public ModelStore(StorePaths paths, HubConfig hub, ModelCatalogue catalogue) {
        this.paths = paths;
        this.hub = hub;
        this.catalogue = catalogue;
        this.manifests = new JsonManifests(paths);
        this.commits = new ManifestCommits(paths, manifests);
    }

    /** The store under {@code TIERGATE_HOME/models}, talking to {@code HF_ENDPOINT} with {@code HF_TOKEN}. */
    public static ModelStore fromEnvironment() {
        return new ModelStore(StorePaths.fromEnvironment(), HubConfig.fromEnvironment(), ModelCatalogue.builtIn());
    }

    public StorePaths paths() { return paths; }

    public HubConfig hub() { return hub; }

    public ModelCatalogue catalogue() { return catalogue; }

    /**
     * Downloads (or finds already stored) the model {@code reference} names, verifies it and writes its manifest.
     * A blob a concurrent {@code remove} deletes between its download and the manifest (when the removed model
     * shared it) is fetched again, up to {@value #PUBLISH_ROUNDS} rounds.
     */
    public ModelManifest pull(String reference, PullProgress progress) {
        ModelRef ref = ModelRef.parse(reference, catalogue);
        HubClient client = new HubClient(hub);
        RepoListing listing = client.list(ref.repo(), ref.revision());
        List<HubFile> files = GgufFileChooser.choose(listing, ref.selector());
        for (Path dir : List.of(paths.blobs(), paths.partials(), paths.locks(), paths.manifests())) {
            StorageErrors.createDirectories(dir);
        }
        HubDownloader downloader = new HubDownloader(client);
        List<ModelManifest.ModelFile> entries = files.stream().map(f -> new ModelManifest.ModelFile(f.path(), f.sha256(), f.bytes())).toList();
        for (int round = 1; ; round++) {
            for (HubFile f : files) fetchUnlessStored(f, client.resolveUrl(ref.repo(), listing.commit(), f.path()), downloader, progress);
            Optional<ModelManifest> m = commits.publishIfComplete(entries, blobs -> manifestOf(ref, reference, listing.commit(), entries, blobs));
            if (m.isPresent()) return m.get();
            if (round == PUBLISH_ROUNDS) {
                throw ModelStoreException.storage("the files of " + ref.name() + " were removed from " + paths.blobs() + " "
                        + PUBLISH_ROUNDS + " times while it was pulled (./tiergate rm of a model sharing them?); pull it again");
            }
            progress.note("a file of " + ref.name() + " was removed while pulling (a model sharing it was removed); fetching it again");
        }
    }

    private void fetchUnlessStored(HubFile f, URI url, HubDownloader downloader, PullProgress progress) {
        Path blob = paths.blob(f.sha256());
        if (isComplete(blob, f.bytes())) {
            progress.note(f.path() + " already present");
            return;
        }
        try (BlobLock ignored = BlobLock.acquire(paths.lock(f.sha256()))) {
            if (isComplete(blob, f.bytes())) {
                progress.note(f.path() + " already present (pulled concurrently)");
                return;
            }
            downloader.fetch(f, url, paths.partial(f.sha256()), blob, progress);
        }
    }

    /** The manifest of a pull, from the GGUF headers of its blobs (read under the store lock: they cannot vanish). */
    private static ModelManifest manifestOf(ModelRef ref, String reference, String commit, List<ModelManifest.ModelFile> files,
                                            List<Path> blobs) {
        GgufSummary s = GgufSummaries.read(blobs);
        String quant = !s.fileType().equals("unknown") ? s.fileType()
                : ref.selector() instanceof FileSelector.ByQuantization q ? q.quantization() : "unknown";
        return new ModelManifest(ref.name(), reference.strip(), ref.repo(), commit, files,
                s.architecture(), s.parameterCount(), quant, s.contextLength(), Instant.now().toString());
    }

    /** Copies a local GGUF file — or every part of a split set, given its first part — into the store. */
    public ModelManifest importFile(Path file, String name) {
        return importFile(file, name, ImportMode.COPY);
    }

    /** Imports by copy, or by hard link when asked ({@link ImportMode#HARD_LINK} says what that risks). */
    public ModelManifest importFile(Path file, String name, ImportMode mode) {
        return new GgufFileImport(paths, commits).run(file, name, mode);
    }

    public List<ModelManifest> list() {
        return manifests.all();
    }

    /** The manifest stored under {@code name}, also accepting another spelling of the same Hub reference. */
    public Optional<ModelManifest> find(String name) {
        Optional<ModelManifest> direct = manifests.read(name);
        if (direct.isPresent()) return direct;
        try {
            return manifests.read(ModelRef.parse(name, catalogue).name());
        } catch (ModelStoreException notARef) {
            return Optional.empty();
        }
    }

    public ModelDetails show(String name) {
        ModelManifest m = require(name);
        List<Path> parts = blobsOf(m);
        String template = GgufSummaries.read(parts.getFirst()).chatTemplate();
        return new ModelDetails(m, parts, template);
    }

    /**
     * Deletes the manifest, then every blob no other manifest still uses, under the store lock: a pull or
     * import that shares a blob either publishes first (the blob is kept) or re-checks after (and restores it).
     */
    public void remove(String name) {
        commits.remove(() -> require(name));
        BlobStaging.deleteAbandoned(paths.blobs(), BlobStaging.ABANDONED_AFTER); // rm is how people free space
    }

    @Override
    public Optional<Path> locate(String name) {
        return find(name).map(m -> paths.blob(m.files().getFirst().sha256())).filter(Files::isRegularFile);
    }

    /** Every part of a (possibly split) model, first part first; empty when the model is not stored. */
    public List<Path> parts(String name) {
        return find(name).map(this::blobsOf).orElse(List.of());
    }

    @Override
    public List<String> names() {
        return list().stream().map(ModelManifest::name).toList();
    }

    private List<Path> blobsOf(ModelManifest m) {
        List<Path> parts = m.files().stream().map(f -> paths.blob(f.sha256())).toList();
        for (Path p : parts) {
            if (!Files.isRegularFile(p)) throw ModelStoreException.storage("model " + m.name() + " is damaged: blob " + p
                    + " is missing; pull it again or remove it with ./tiergate rm " + m.name());
        }
        return parts;
    }

    private ModelManifest require(String name) {
        return find(name).orElseThrow(() -> ModelStoreException.notFound("model '" + name + "' is not in the store ("
                + paths.root() + "); stored models: " + (names().isEmpty() ? "none" : String.join(", ", names()))));
    }

    private static boolean isComplete(Path blob, long bytes) {
        return Files.isRegularFile(blob) && StorageErrors.size(blob) == bytes;
    }
}
