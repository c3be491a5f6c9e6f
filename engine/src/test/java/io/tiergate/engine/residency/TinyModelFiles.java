package io.tiergate.engine.residency;

import io.tiergate.engine.EngineConfig;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Three tiny llama-shaped GGUF files of the same size (different weights) and a truncated one, with
 * the residency configuration the tests use: one sequence of {@link #CONTEXT} tokens, no queue.
 */
record TinyModelFiles(Path a, Path b, Path c, Path corrupt) {

    /** Keys and values of the tiny shape's 2 layers × 128 KV dims, as floats, per position. */
    static final long KV_BYTES_PER_TOKEN = 2L * 2 * 128 * Float.BYTES;
    static final int CONTEXT = 256;

    static TinyModelFiles write(Path dir) {
        try {
            Path a = SyntheticModelWriter.write(dir.resolve("a.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 1);
            Path b = SyntheticModelWriter.write(dir.resolve("b.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 2);
            Path c = SyntheticModelWriter.write(dir.resolve("c.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 3);
            Path corrupt = Files.write(dir.resolve("corrupt.gguf"), Arrays.copyOf(Files.readAllBytes(a), 5000));
            if (Files.size(a) != Files.size(b) || Files.size(a) != Files.size(c)) throw new IllegalStateException("sizes differ");
            return new TinyModelFiles(a, b, c, corrupt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one of them is charged with {@link #config}: its file + one sequence's full KV cache. */
    long oneModelBytes() {
        try {
            return Files.size(a) + KV_BYTES_PER_TOKEN * CONTEXT;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One sequence, no queue: a model's KV charge is one full context. */
    static EngineConfig config(long budgetBytes, Duration loadWait) {
        return new EngineConfig(1, CONTEXT, 1, 0, Duration.ofMinutes(5), budgetBytes, loadWait);
    }

    /**
     * A tiny model trained for so long a context that one sequence's KV cache at its full context
     * exceeds this JVM's whole heap; with {@link #config}'s context raised to {@link #longContext}.
     */
    static Path writeLongContext(Path dir) {
        var t = SyntheticModelShape.tiny("llama");
        var shape = new SyntheticModelShape(t.architecture(), t.dim(), t.layers(), t.heads(), t.kvHeads(), t.headDim(), t.ffnDim(),
                t.vocabSize(), longContext(), t.ropeBase(), t.rmsEps(), t.tiedEmbeddings(), t.slidingWindow());
        return SyntheticModelWriter.write(dir.resolve("long.gguf"), shape, GgufTensorType.Q8_0, 4);
    }

    /** Positions whose KV caches (of the tiny shape) take more than this JVM's whole heap. */
    static int longContext() {
        return Math.toIntExact(Runtime.getRuntime().maxMemory() / KV_BYTES_PER_TOKEN + 1);
    }
}
