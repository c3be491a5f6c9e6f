package io.tiergate.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.TiergateException;
import io.tiergate.router.features.ShapeFeatures;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Reads and writes {@link RouterFile}s; the built-in one ships as a class-path resource. */
public final class RouterFiles {
    public static final String BUILT_IN = "built-in";
    private static final String BUILT_IN_RESOURCE = "/io/tiergate/router/default-router.json";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private RouterFiles() {}

    /** {@code "built-in"} or a path to a router file. */
    public static RouterFile load(String location) {
        if (location.equals(BUILT_IN)) return builtIn();
        Path p = Path.of(location);
        if (!Files.isRegularFile(p)) throw invalid("Router file not found: " + location + " (use 'built-in' for the shipped router).");
        try (InputStream in = Files.newInputStream(p)) {
            return parse(in, location);
        } catch (JsonProcessingException e) {
            throw invalid("Router file " + location + " is not a valid router: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("Cannot read router file " + location + ": " + e.getMessage());
        }
    }

    public static RouterFile builtIn() {
        try (InputStream in = RouterFiles.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) throw invalid("The built-in router resource " + BUILT_IN_RESOURCE + " is missing from the class path.");
            return parse(in, BUILT_IN);
        } catch (IOException e) {
            throw invalid("Cannot read the built-in router: " + e.getMessage());
        }
    }

    public static void write(RouterFile file, Path out) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            JSON.writeValue(out.toFile(), file);
        } catch (IOException e) {
            throw invalid("Cannot write router file " + out + ": " + e.getMessage());
        }
    }

    /** The format is checked before the body, so a file of another kind gets that message rather than a field error. */
    private static RouterFile parse(InputStream in, String location) throws IOException {
        JsonNode tree = JSON.readTree(in);
        String format = tree == null ? "" : tree.path("format").asText("");
        if (!RouterFile.FORMAT.equals(format)) {
            String why = switch (format) {
                case "tiergate-router/1" -> " It was trained on the float all-MiniLM-L6-v2 embeddings; this version embeds with the"
                        + " first 3 layers of the int8 model: retrain it with 'tiergate router train'.";
                case "tiergate-router/2" -> " It was trained on all 6 layers of the int8 all-MiniLM-L6-v2; this version embeds with"
                        + " its first 3 layers (half the cost): retrain it with 'tiergate router train'.";
                default -> "";
            };
            throw invalid("Router file " + location + " has format '" + format + "', expected '" + RouterFile.FORMAT + "'." + why);
        }
        return checked(JSON.treeToValue(tree, RouterFile.class), location);
    }

    private static RouterFile checked(RouterFile f, String location) {
        if (!f.shapeFeatures().equals(ShapeFeatures.NAMES)) {
            throw invalid("Router file " + location + " was trained with features " + f.shapeFeatures()
                    + " but this build computes " + ShapeFeatures.NAMES + "; retrain it with 'tiergate router train'.");
        }
        return f;
    }

    private static TiergateException invalid(String message) {
        return new TiergateException(500, "server_error", message, Optional.of("router_file_invalid"), Optional.empty(), Map.of());
    }
}
