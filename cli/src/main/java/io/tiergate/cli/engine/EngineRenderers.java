package io.tiergate.cli.engine;

import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.backend.PromptRenderer;
import io.tiergate.engine.gguf.GgufMetadata;

import java.util.function.Function;

/**
 * The prompt renderer the CLI gives the engine: the model file's own chat template once the
 * template package is wired in; ChatML until then.
 */
final class EngineRenderers {

    private EngineRenderers() {}

    static Function<GgufMetadata, PromptRenderer> fromModelFile() {
        return InProcessBackend.chatMlFallback();
    }
}
