package io.tiergate.api;

import java.util.List;
import java.util.Optional;

/**
 * What a backend is: its configured id, where it runs, who provides it (e.g. "openai", "ollama",
 * "anthropic", "tiergate") and in which region, and the models it serves.
 */
public record BackendInfo(String id, Locality locality, String provider, Optional<String> region, List<String> models) {
    public BackendInfo {
        models = List.copyOf(models);
    }
}
