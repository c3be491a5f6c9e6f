package io.tiergate.router;

import io.tiergate.router.features.MiniLmSentenceEmbedder;

/** Builds the scorer and router the gateway uses from the configuration. */
public final class RouterFactory {
    private RouterFactory() {}

    /** A loaded router: the scorer, the threshold router, and the file they came from. All thread-safe. */
    public record LoadedRouter(LearnedDifficultyScorer scorer, ThresholdRouter router, RouterFile file, long loadMillis) {}

    /**
     * Loads the router file and the shared embedding model (the first call in a JVM takes about 1–2 s,
     * later ones reuse the model).
     *
     * @throws io.tiergate.api.TiergateException when the router file is missing or invalid, or was trained on other
     *                                           embeddings than the shared embedder gives
     */
    public static LoadedRouter fromConfig(RouterConfig config) {
        long start = System.nanoTime();
        RouterFile file = RouterFiles.load(config.file(), MiniLmSentenceEmbedder.sharedSignature());
        LearnedDifficultyScorer scorer = new LearnedDifficultyScorer(file, config.file(), MiniLmSentenceEmbedder.shared());
        ThresholdRouter router = new ThresholdRouter(file.calibration(), config);
        return new LoadedRouter(scorer, router, file, (System.nanoTime() - start) / 1_000_000);
    }
}
