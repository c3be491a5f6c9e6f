package io.tiergate.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * One stored model, written as {@code manifests/<name>.json}.
 *
 * @param name           the name the model is served under ({@code qwen3:0.6b}, {@code hf.co/ORG/REPO:Q8_0})
 * @param source         what the user asked for: the reference text, or {@code file:<path>} for imports
 * @param repo           {@code ORG/REPO} on the Hub, empty for imports
 * @param revision       the commit id the files were downloaded from, empty for imports
 * @param files          the GGUF files in order; split models list every part, the first part first
 * @param architecture   {@code general.architecture}
 * @param parameterCount total parameters (tensor elements over all parts)
 * @param quantization   llama.cpp's file type name, e.g. {@code Q8_0}
 * @param contextLength  trained context length in tokens (0 when the file does not say)
 * @param createdAt      ISO-8601 instant the model was stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(String name, String source, String repo, String revision, List<ModelFile> files,
                            String architecture, long parameterCount, String quantization, long contextLength,
                            String createdAt) {

    /** One GGUF file: its name on the Hub (or on disk), content hash and size in bytes. */
    public record ModelFile(String name, String sha256, long bytes) {}

    public ModelManifest {
        files = List.copyOf(files);
        if (files.isEmpty()) throw new IllegalArgumentException("a manifest needs at least one file: " + name);
    }

    public long totalBytes() {
        return files.stream().mapToLong(ModelFile::bytes).sum();
    }
}
