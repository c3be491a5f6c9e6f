package io.tiergate.engine.gguf;

import io.tiergate.api.TiergateException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file that cannot be used: truncated, corrupt, an unsupported version, tensor type or
 * architecture. The message names the file, the byte offset (when known) and what is wrong.
 */
public final class GgufFormatException extends TiergateException {

    public GgufFormatException(Path file, long offset, String what) {
        super(500, "model_error", file + " at byte " + offset + ": " + what, Optional.of("model_file_invalid"),
                Optional.empty(), Map.of());
    }

    public GgufFormatException(Path file, String what) {
        super(500, "model_error", file + ": " + what, Optional.of("model_file_invalid"), Optional.empty(), Map.of());
    }
}
