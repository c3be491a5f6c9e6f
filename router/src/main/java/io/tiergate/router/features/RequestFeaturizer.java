package io.tiergate.router.features;

import io.tiergate.api.ChatRequest;

/** Turns a request into {@link RequestFeatures}: shape features of all text, the embedding of the end of the last user message's question. */
public final class RequestFeaturizer {
    private final MiniLmSentenceEmbedder embedder;
    private final int embeddingTokens;

    /** @param embeddingTokens how many tokens at the end of the last user message's question are embedded */
    public RequestFeaturizer(MiniLmSentenceEmbedder embedder, int embeddingTokens) {
        if (embeddingTokens < 8 || embeddingTokens > MiniLmSentenceEmbedder.MAX_BUDGET_TOKENS) {
            throw new IllegalArgumentException("embedding-tokens must be in [8, " + MiniLmSentenceEmbedder.MAX_BUDGET_TOKENS
                    + "], got " + embeddingTokens);
        }
        this.embedder = embedder;
        this.embeddingTokens = embeddingTokens;
    }

    public RequestFeatures features(ChatRequest request) {
        return features(RequestText.of(request));
    }

    public RequestFeatures features(RequestText text) {
        return new RequestFeatures(ShapeFeatures.extract(text), embedding(embedder, text.lastUser(), embeddingTokens));
    }

    /**
     * The embedding of a last user message: its last ≈ {@code budgetTokens} tokens before any enumerated answer
     * choices (the whole message when nothing comes before them), where the ask usually is ("…what is the minimum probability?", "…Explain step by step."), after
     * whatever context comes first. Validation APGR (mean of MMLU-Pro and AlpacaEval, 3 layers, 16 tokens): the
     * question's end 0.695, the message's start 0.684, 8 tokens of each 0.678 (docs/router.md). Training (the
     * embedding cache) and scoring both come here. The question is not copied out of the message: only the embedded
     * window is (a decision used to copy the whole question, however long).
     */
    public static float[] embedding(MiniLmSentenceEmbedder embedder, String lastUser, int budgetTokens) {
        int questionEnd = ShapeFeatures.questionChars(lastUser);
        return embedder.embedEnd(lastUser, isBlank(lastUser, questionEnd) ? lastUser.length() : questionEnd, budgetTokens);
    }

    private static boolean isBlank(String s, int end) {
        for (int i = 0; i < end; i++) if (!Character.isWhitespace(s.charAt(i))) return false;
        return true;
    }
}
