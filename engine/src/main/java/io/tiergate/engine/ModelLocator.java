package io.tiergate.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a local GGUF file by model name, so the engine can load models without knowing where or how
 * they are stored (the model store implements it). For a model split into several GGUF files the
 * path is the first part's; the other parts sit next to it in the store's manifest.
 */
public interface ModelLocator {

    /** The GGUF file for {@code name}, or empty when no such model is stored. */
    Optional<Path> locate(String name);

    /** Names of all models that {@link #locate} can find, sorted. */
    List<String> names();
}
