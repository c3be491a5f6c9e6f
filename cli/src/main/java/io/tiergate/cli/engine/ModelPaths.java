package io.tiergate.cli.engine;

import io.tiergate.api.InvalidRequestException;
import io.tiergate.store.ModelStore;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves a MODEL argument: a path to a .gguf file, or the name of a model in the local store. */
final class ModelPaths {

    private ModelPaths() {}

    static Path resolve(String model) {
        Path p = Path.of(model);
        if (Files.isRegularFile(p)) return p;
        ModelStore store = ModelStore.fromEnvironment();
        return store.locate(model).orElseThrow(() -> new InvalidRequestException("No model file '" + model
                + "' and no stored model of that name (stored: " + String.join(", ", store.names()) + ")", "model"));
    }
}
