package io.tiergate.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads YAML into validating records: kebab-case keys, unknown keys rejected, {@code env:NAME} strings
 * replaced by that environment variable (so secrets stay out of the file). Every failure becomes a
 * {@link ConfigException} naming the file, the key and the reason.
 */
public final class YamlConfigReader {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .registerModule(new Jdk8Module())
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("human-durations")
                    .addDeserializer(java.time.Duration.class, new HumanDurationDeserializer()))
            .registerModule(ConfigEnums.module())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Function<String, String> env;

    public YamlConfigReader(Function<String, String> env) {
        this.env = env;
    }

    public static YamlConfigReader withSystemEnv() {
        return new YamlConfigReader(System::getenv);
    }

    public <T> T read(Path file, Class<T> type) {
        return read(file, type, java.util.Optional.empty());
    }

    public <T> T read(Path file, Class<T> type, java.util.Optional<T> defaults) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(name, "", "cannot read: " + e.getMessage());
        }
        return read(name, text, type, defaults);
    }

    public <T> T read(String name, String text, Class<T> type) {
        return read(name, text, type, java.util.Optional.empty());
    }

    /**
     * Reads {@code text} laid over {@code defaults}: a key the file leaves out keeps its default value,
     * mappings merge key by key, lists and scalars replace.
     */
    public <T> T read(String name, String text, Class<T> type, java.util.Optional<T> defaults) {
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, "", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) tree = yaml.createObjectNode();
        if (!tree.isObject()) throw new ConfigException(name, "", "the top level must be a mapping of keys");
        resolveEnv(name, "", tree);
        if (defaults.isPresent()) tree = merge(yaml.valueToTree(defaults.get()), tree);
        try {
            return yaml.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(name, parentPath(e), "unknown key '" + e.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (known keys here: " + known + ")"));
        } catch (JsonMappingException e) {
            throw new ConfigException(name, path(e), reason(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, "", e.getOriginalMessage());
        }
    }

    private static JsonNode merge(JsonNode base, JsonNode over) {
        if (base instanceof ObjectNode b && over instanceof ObjectNode o) {
            ObjectNode out = b.deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode existing = out.get(f.getKey());
                out.set(f.getKey(), existing == null || f.getValue().isNull() ? f.getValue() : merge(existing, f.getValue()));
            }
            return out;
        }
        return over;
    }

    /** The configuration as YAML text (for {@code tiergate config show}). */
    public String write(Object config) {
        try {
            return yaml.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void resolveEnv(String file, String at, JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = at.isEmpty() ? f.getKey() : at + "." + f.getKey();
                if (f.getValue().isTextual() && f.getValue().asText().startsWith("env:")) {
                    f.setValue(new TextNode(envValue(file, key, f.getValue().asText())));
                } else {
                    resolveEnv(file, key, f.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String key = at + "[" + i + "]";
                if (a.get(i).isTextual() && a.get(i).asText().startsWith("env:")) {
                    a.set(i, new TextNode(envValue(file, key, a.get(i).asText())));
                } else {
                    resolveEnv(file, key, a.get(i));
                }
            }
        }
    }

    private String envValue(String file, String key, String ref) {
        String var = ref.substring(4);
        String value = env.apply(var);
        if (value == null || value.isEmpty()) {
            throw new ConfigException(file, key, "environment variable " + var + " is not set (referenced as '" + ref + "')");
        }
        return value;
    }

    /** The path of the mapping that holds the offending key. */
    private static String parentPath(JsonMappingException e) {
        return path(e.getPath().subList(0, Math.max(0, e.getPath().size() - 1)));
    }

    private static String path(JsonMappingException e) {
        return path(e.getPath());
    }

    private static String path(java.util.List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) b.append('.');
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** The validation message of a record's constructor when there is one, else Jackson's own words. */
    private static String reason(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        if (t instanceof IllegalArgumentException || t instanceof io.tiergate.api.TiergateException) return t.getMessage();
        String m = e.getOriginalMessage();
        int cut = m.indexOf(" at [Source");
        return cut > 0 ? m.substring(0, cut) : m;
    }
}
