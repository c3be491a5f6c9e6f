package io.tiergate.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Short aliases for good small models ({@code qwen3:0.6b} → {@code hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0}).
 * The built-in list is the resource {@code io/tiergate/store/catalogue.json}, mirrored in docs/models.md.
 */
public final class ModelCatalogue {

    /** The model {@code serve} pulls into an empty store. */
    public static final String DEFAULT_ALIAS = "qwen3:0.6b";

    /** One catalogue line: alias, Hub reference and a human description (size on disk). */
    public record Entry(String alias, String ref, String description) {}

    private static final ModelCatalogue BUILT_IN = load();

    private final Map<String, Entry> entries;
    private final List<String> order;

    public ModelCatalogue(List<Entry> entries) {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.ref().indexOf('/') < 0) throw new IllegalArgumentException("catalogue ref must name a Hub repo: " + e);
            if (m.put(e.alias(), e) != null) throw new IllegalArgumentException("duplicate catalogue alias " + e.alias());
        }
        this.entries = Map.copyOf(m);
        this.order = List.copyOf(m.keySet());
    }

    public static ModelCatalogue builtIn() {
        return BUILT_IN;
    }

    public List<String> aliases() {
        return order;
    }

    public List<Entry> entries() {
        return order.stream().map(entries::get).toList();
    }

    /** The Hub reference an alias stands for (its name is still the Hub name; {@link ModelRef} renames it). */
    public Optional<ModelRef> resolve(String alias) {
        Entry e = entries.get(alias);
        return e == null ? Optional.empty() : Optional.of(ModelRef.parse(e.ref(), this));
    }

    private static ModelCatalogue load() {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream("catalogue.json")) {
            if (in == null) throw new IllegalStateException("catalogue.json is missing from the store jar");
            return new ModelCatalogue(new ObjectMapper().readValue(in, new TypeReference<List<Entry>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("catalogue.json is unreadable", e);
        }
    }
}
