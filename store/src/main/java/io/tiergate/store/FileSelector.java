package io.tiergate.store;

/** How a reference picks the GGUF file(s) inside a Hub repository. */
public sealed interface FileSelector {

    /** Files whose name ends with the quantization (case-insensitive), e.g. {@code Q4_K_M}; split parts together. */
    record ByQuantization(String quantization) implements FileSelector {}

    /** One named file (or, when it is a split part, all parts of its set). */
    record ByFile(String path) implements FileSelector {}
}
