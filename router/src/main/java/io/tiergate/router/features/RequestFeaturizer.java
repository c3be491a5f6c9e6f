package io.tiergate.router.features;

import io.tiergate.api.ChatRequest;

/** Turns a request into {@link RequestFeatures}: shape features of all text, the embedding of the last user message. */
public final class RequestFeaturizer {
    private final MiniLmSentenceEmbedder embedder;
    private final int embeddingTokens;

    /** @param embeddingTokens how many leading tokens of the last user message are embedded */
    public RequestFeaturizer(MiniLmSentenceEmbedder embedder, int embeddingTokens) {
        if (embeddingTokens < 8 || embeddingTokens > 510) {
            throw new IllegalArgumentException("embedding-tokens must be in [8, 510], got " + embeddingTokens);
        }
        this.embedder = embedder;
        this.embeddingTokens = embeddingTokens;
    }

    public RequestFeatures features(ChatRequest request) {
        return features(RequestText.of(request));
    }

    public RequestFeatures features(RequestText text) {
        return new RequestFeatures(ShapeFeatures.extract(text), embedder.embed(text.lastUser(), embeddingTokens));
    }
}
