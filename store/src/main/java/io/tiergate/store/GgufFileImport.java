package io.tiergate.store;

import io.tiergate.store.gguf.GgufSummaries;
import io.tiergate.store.gguf.GgufSummary;
import io.tiergate.store.hub.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a GGUF file the user already has into the store: checks it is GGUF, hashes it, then hard-links
 * it as its blob (no copy on the same file system) or, across file systems, copies it to a partial file
 * and moves that into place atomically. Given the first part of a split set, imports every part.
 */
final class GgufFileImport {

    private static final Pattern SPLIT = Pattern.compile("(?i)^(.*)-00001-of-(\\d{5})\\.gguf$");
    private static final Pattern NAME = Pattern.compile("[\\p{Alnum}._:/@+-]{1,200}");

    private final StorePaths paths;
    private final JsonManifests manifests;

    GgufFileImport(StorePaths paths, JsonManifests manifests) {
        this.paths = paths;
        this.manifests = manifests;
    }

    ModelManifest run(Path file, String requestedName) {
        if (!Files.isRegularFile(file)) throw ModelStoreException.notFound("no such file: " + file);
        List<Path> parts = partsOf(file);
        GgufSummary summary = GgufSummaries.read(parts); // refuses non-GGUF before anything is written
        String name = requestedName.isBlank() ? defaultName(file) : requestedName.strip();
        if (!NAME.matcher(name).matches()) {
            throw ModelStoreException.invalid("model name '" + name + "' may only use letters, digits and . _ : / @ + -");
        }
        for (Path dir : List.of(paths.blobs(), paths.partials(), paths.locks(), paths.manifests())) {
            StorageErrors.createDirectories(dir);
        }
        List<ModelManifest.ModelFile> files = new ArrayList<>();
        for (Path part : parts) {
            String sha = Sha256.of(part);
            store(part, sha);
            files.add(new ModelManifest.ModelFile(part.getFileName().toString(), sha, StorageErrors.size(part)));
        }
        ModelManifest m = new ModelManifest(name, "file:" + file.toAbsolutePath(), "", "", files, summary.architecture(),
                summary.parameterCount(), summary.fileType(), summary.contextLength(), Instant.now().toString());
        manifests.write(m);
        return m;
    }

    private void store(Path part, String sha) {
        Path blob = paths.blob(sha);
        try (BlobLock ignored = BlobLock.acquire(paths.lock(sha))) {
            if (Files.isRegularFile(blob)) return;
            try {
                Files.createLink(blob, part.toAbsolutePath());
                return;
            } catch (IOException | UnsupportedOperationException crossDevice) {
                // different file system or no hard links: copy instead
            }
            Path partial = paths.partial(sha);
            StorageErrors.run(partial, () -> Files.copy(part, partial, StandardCopyOption.REPLACE_EXISTING));
            StorageErrors.run(blob, () -> Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE));
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
