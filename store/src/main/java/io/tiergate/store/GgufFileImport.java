package io.tiergate.store;

import io.tiergate.store.gguf.GgufSummaries;
import io.tiergate.store.gguf.GgufSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a GGUF file the user already has into the store: checks it is GGUF, then copies it into
 * {@code blobs/} under a temporary name, hashing it during that one read, syncs it, and only then, under
 * the store lock, renames it to its sha256 name and writes the manifest ({@link ManifestCommits}). The
 * store owns the copy: the user may rewrite or delete the original. {@link ImportMode#HARD_LINK} links
 * instead (no extra space; the blob then shares the user's file, with the risks that mode describes).
 * Given the first part of a split set, imports every part.
 */
final class GgufFileImport {

    private static final Pattern SPLIT = Pattern.compile("(?i)^(.*)-00001-of-(\\d{5})\\.gguf$");
    private static final Pattern NAME = Pattern.compile("[\\p{Alnum}._:/@+-]{1,200}");

    private final StorePaths paths;
    private final ManifestCommits commits;

    GgufFileImport(StorePaths paths, ManifestCommits commits) {
        this.paths = paths;
        this.commits = commits;
    }

    ModelManifest run(Path file, String requestedName, ImportMode mode) {
        if (!Files.isRegularFile(file)) throw ModelStoreException.notFound("no such file: " + file);
        List<Path> parts = partsOf(file);
        GgufSummaries.read(parts); // refuses non-GGUF before anything is written or copied
        String name = requestedName.isBlank() ? defaultName(file) : requestedName.strip();
        if (!NAME.matcher(name).matches()) {
            throw ModelStoreException.invalid("model name '" + name + "' may only use letters, digits and . _ : / @ + -");
        }
        for (Path dir : List.of(paths.blobs(), paths.locks(), paths.manifests())) {
            StorageErrors.createDirectories(dir);
        }
        BlobStaging.deleteAbandoned(paths.blobs(), BlobStaging.ABANDONED_AFTER);
        List<StagedBlob> staged = new ArrayList<>();
        try {
            for (Path part : parts) staged.add(BlobStaging.stage(part, paths, mode));
            // the manifest describes the bytes stored, not the user's file, which may have changed meanwhile
            GgufSummary summary = GgufSummaries.read(staged.stream().map(StagedBlob::temp).toList());
            List<ModelManifest.ModelFile> files = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                StagedBlob s = staged.get(i);
                files.add(new ModelManifest.ModelFile(parts.get(i).getFileName().toString(), s.sha256(), s.bytes()));
            }
            ModelManifest m = new ModelManifest(name, "file:" + file.toAbsolutePath(), "", "", files, summary.architecture(),
                    summary.parameterCount(), summary.fileType(), summary.contextLength(), Instant.now().toString());
            return commits.publishStaged(staged, m);
        } finally {
            for (StagedBlob s : staged) {
                if (Files.exists(s.temp())) s.discard(); // left over only when the import failed
            }
        }
    }

    private static List<Path> partsOf(Path file) {
        Matcher m = SPLIT.matcher(file.getFileName().toString());
        if (!m.matches()) return List.of(file);
        int count = Integer.parseInt(m.group(2));
        List<Path> parts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path p = file.resolveSibling(String.format(Locale.ROOT, "%s-%05d-of-%05d.gguf", m.group(1), i, count));
            if (!Files.isRegularFile(p)) {
                throw ModelStoreException.notFound("split part " + p.getFileName() + " of " + file.getFileName() + " is missing");
            }
            parts.add(p);
        }
        return parts;
    }

    private static String defaultName(Path file) {
        String n = file.getFileName().toString().replaceFirst("(?i)(-00001-of-\\d{5})?\\.gguf$", "");
        return n.toLowerCase(Locale.ROOT);
    }
}
