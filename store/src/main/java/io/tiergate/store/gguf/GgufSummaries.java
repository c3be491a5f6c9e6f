package io.tiergate.store.gguf;

import java.nio.file.Path;
import java.util.List;

/** Reads the {@link GgufSummary} of a model stored as one GGUF file or as split parts (first part first). */
public final class GgufSummaries {

    private GgufSummaries() {}

    public static GgufSummary read(Path file) {
        return InterimGgufHeaderReader.read(file);
    }

    /** Metadata from the first part; parameters summed over all parts, since each part lists its own tensors. */
    public static GgufSummary read(List<Path> parts) {
        GgufSummary s = read(parts.getFirst());
        for (Path p : parts.subList(1, parts.size())) s = s.plusParameters(read(p).parameterCount());
        return s;
    }
}
