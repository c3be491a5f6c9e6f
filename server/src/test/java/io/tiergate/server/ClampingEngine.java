package io.tiergate.server;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.backend.MapModelLocator;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The in-process engine over a tiny synthetic GGUF (model {@code tiny}) with so short a context that a
 * large max_tokens must be clamped: what the clamp tests of the header and of the ledger share.
 */
public final class ClampingEngine {

    /** Tokens of context per sequence; the ChatML prompt of "Hello there" takes most of it. */
    public static final int CONTEXT = 48;

    private ClampingEngine() {}

    /** Writes the model file into {@code dir} and returns the backend (close it). */
    public static InProcessBackend start(Path dir) {
        Path tiny = SyntheticModelWriter.write(dir.resolve("tiny.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 3);
        return new InProcessBackend("engine", new MapModelLocator(Map.of("tiny", tiny)),
                new EngineConfig(2, CONTEXT, 2, 4, Duration.ofMinutes(5), 0), InProcessBackend.chatMlFallback());
    }

    /** A greedy chat request for model {@code tiny} with this max_tokens. */
    public static String body(int maxTokens, boolean stream) {
        return "{\"model\":\"tiny\",\"temperature\":0,\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";
    }
}
