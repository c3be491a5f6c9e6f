package io.tiergate.store.gguf;

import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.gguf.GgufTensorInfo;
import io.tiergate.store.ModelStoreException;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the {@link GgufSummary} of a model stored as one GGUF file or as split parts (first part first),
 * with the engine's {@link GgufFile} reader (memory-mapped; only the header is touched).
 */
public final class GgufSummaries {

    private GgufSummaries() {}

    public static GgufSummary read(Path file) {
        try (GgufFile gguf = GgufFile.open(file)) {
            GgufMetadata md = gguf.metadata();
            String arch = md.optString("general.architecture").orElse("unknown");
            long parameters = gguf.tensors().values().stream().mapToLong(GgufTensorInfo::elements).sum();
            var fileType = md.optInteger("general.file_type");
            return new GgufSummary(arch, parameters,
                    fileType.isPresent() ? LlamaFileType.name(fileType.getAsLong()) : "unknown",
                    md.optInteger(arch + ".context_length").orElse(0),
                    md.optString("tokenizer.chat_template").orElse(""));
        } catch (GgufFormatException e) {
            throw ModelStoreException.invalid(file + " is not a usable GGUF file: " + e.getMessage());
        }
    }

    /** Metadata from the first part; parameters summed over all parts, since each part lists its own tensors. */
    public static GgufSummary read(List<Path> parts) {
        GgufSummary s = read(parts.getFirst());
        for (Path p : parts.subList(1, parts.size())) s = s.plusParameters(read(p).parameterCount());
        return s;
    }
}
