package io.tiergate.engine.backend;

import io.tiergate.engine.ModelLocator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Models named in configuration: a fixed name → GGUF path table. */
public record MapModelLocator(Map<String, Path> models) implements ModelLocator {

    public MapModelLocator {
        models = Map.copyOf(models);
    }

    @Override
    public Optional<Path> locate(String name) {
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public List<String> names() {
        return List.copyOf(new TreeMap<>(models).keySet());
    }
}
