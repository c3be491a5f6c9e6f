package io.tiergate.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code show} prints: the manifest, the blob paths (first part first) and the GGUF's chat template.
 */
public record ModelDetails(ModelManifest manifest, List<Path> parts, String chatTemplate) {

    public ModelDetails {
        parts = List.copyOf(parts);
    }

    public Optional<String> template() {
        return chatTemplate.isEmpty() ? Optional.empty() : Optional.of(chatTemplate);
    }
}
