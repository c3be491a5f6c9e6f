package io.tiergate.engine.model;

import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.model.gemma3.Gemma3Architecture;
import io.tiergate.engine.model.llama.LlamaArchitecture;
import io.tiergate.engine.model.qwen2.Qwen2Architecture;
import io.tiergate.engine.model.qwen3.Qwen3Architecture;

import java.util.List;

/** The supported model families, looked up by {@code general.architecture}. */
public final class Architectures {

    private static final List<Architecture> ALL = List.of(new LlamaArchitecture(), new Qwen2Architecture(),
            new Qwen3Architecture(), new Gemma3Architecture());

    private Architectures() {}

    public static List<String> names() {
        return ALL.stream().map(Architecture::name).toList();
    }

    public static Architecture of(GgufFile file) {
        String name = file.metadata().string("general.architecture");
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new GgufFormatException(
                file.path(), "unsupported architecture '" + name + "' (supported: " + String.join(", ", names()) + ")"));
    }

    /** Linear RoPE scaling ({@code <arch>.rope.scaling.type = linear}) as a position scale; 1 otherwise. */
    public static float linearRopeScale(String arch, GgufMetadata m) {
        boolean linear = m.optString(arch + ".rope.scaling.type").map("linear"::equals).orElse(false);
        float factor = m.optFloat(arch + ".rope.scaling.factor").orElse(1f);
        return linear && factor > 0 ? 1f / factor : 1f;
    }
}
