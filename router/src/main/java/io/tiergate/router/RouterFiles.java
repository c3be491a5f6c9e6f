package io.tiergate.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tiergate.api.TiergateException;
import io.tiergate.router.features.EmbeddingSignature;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.ShapeFeatures;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes {@link RouterFile}s; the built-in one ships as a class-path resource. Reading checks the file
 * against the embedder that will score with it ({@link #checkEmbedder}): by default the shared one
 * ({@link MiniLmSentenceEmbedder#sharedSignature()}, known without loading the model).
 */
public final class RouterFiles {
    public static final String BUILT_IN = "built-in";
    private static final String BUILT_IN_RESOURCE = "/io/tiergate/router/default-router.json";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    /**
     * What a version-3 file without the embedding fields was trained on: every such file (written before
     * 2026-11-24 evening) came from the first 3 layers of the int8 MiniLM, 384 values. Literal on purpose, so that
     * a change of the embedder's defaults does not change what an old file is read as.
     */
    private static final String FORMAT_3_MODEL = "all-minilm-l6-v2-q";
    private static final int FORMAT_3_LAYERS = 3;
    private static final int FORMAT_3_DIMENSION = 384;

    private RouterFiles() {}

    /** {@code "built-in"} or a path to a router file, for the shared embedder. */
    public static RouterFile load(String location) {
        return load(location, MiniLmSentenceEmbedder.sharedSignature());
    }

    /**
     * {@code "built-in"} or a path to a router file, checked against {@code embedder}.
     *
     * @throws TiergateException ({@code router_file_invalid}) when the file is missing, unreadable, of another format,
     *                           or trained on embeddings {@code embedder} does not produce
     */
    public static RouterFile load(String location, EmbeddingSignature embedder) {
        return checkEmbedder(location.equals(BUILT_IN) ? readBuiltIn() : read(location), location, embedder);
    }

    /** The shipped router, for the shared embedder. */
    public static RouterFile builtIn() {
        return load(BUILT_IN);
    }

    /**
     * {@code file} when {@code embedder} produces the embeddings it was trained on: the same weights, layers and
     * vector length, and a token budget the embedder can take. Otherwise its scores would be meaningless (a
     * 3-layer router fed 6-layer vectors still returns numbers), so it is refused with a message naming
     * {@code location}, each field that differs, what the file wants and what the embedder is.
     */
    public static RouterFile checkEmbedder(RouterFile file, String location, EmbeddingSignature embedder) {
        List<String> wrong = new ArrayList<>();
        if (!file.embeddingModel().equals(embedder.model())) {
            wrong.add("'embeddingModel' " + file.embeddingModel() + ", but the embedder's model is " + embedder.model());
        }
        if (file.embeddingLayers() != embedder.layers()) {
            wrong.add("'embeddingLayers' " + file.embeddingLayers() + ", but the embedder runs " + embedder.layers() + " layers");
        }
        if (file.embeddingDimension() != embedder.dimension()) {
            wrong.add("'embeddingDimension' " + file.embeddingDimension() + ", but the embedder gives " + embedder.dimension() + " values");
        }
        if (file.embeddingTokens() > embedder.maxBudgetTokens()) {
            wrong.add("'embeddingTokens' " + file.embeddingTokens() + ", but the embedder takes at most " + embedder.maxBudgetTokens());
        }
        if (wrong.isEmpty()) return file;
        throw invalid("Router file " + location + " does not fit the embedder: it wants " + String.join("; ", wrong)
                + ". Its scores would be meaningless: retrain it for this embedder ('tiergate router train').");
    }

    private static RouterFile read(String location) {
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

    private static RouterFile readBuiltIn() {
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
        if (tree instanceof ObjectNode o) {
            if (!o.has("embeddingModel")) o.put("embeddingModel", FORMAT_3_MODEL);
            if (!o.has("embeddingLayers")) o.put("embeddingLayers", FORMAT_3_LAYERS);
            if (!o.has("embeddingDimension")) o.put("embeddingDimension", FORMAT_3_DIMENSION);
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
