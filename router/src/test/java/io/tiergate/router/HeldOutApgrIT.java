package io.tiergate.router;

import io.tiergate.router.eval.BaselineScores;
import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.eval.PgrCurve;
import io.tiergate.router.eval.RoutingDataset;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.RequestFeatures;
import io.tiergate.router.learn.EmbeddingCache;
import io.tiergate.router.learn.FeatureRows;
import io.tiergate.router.learn.RouterTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Trains on the train splits of the shared routing-evaluation files exactly as the shipped router was
 * trained, and checks the held-out (test split) APGR. Needs ../shared/eval beside the repository (skipped
 * otherwise). Embeddings are cached in target/embedding-cache: the first run embeds about 6,000 prompts
 * (about half a minute on 2 cores with 3 int8 layers and 32 tokens); training, with its cross-validation of labels
 * and penalties, takes about two minutes.
 */
class HeldOutApgrIT {
    private static final Path EVAL = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/eval");
    private static final Path MMLU = EVAL.resolve("mmlu-pro.jsonl");
    private static final Path ALPACA = EVAL.resolve("alpaca-eval2.jsonl");
    private static PairedItems mmlu;
    private static PairedItems alpaca;
    private static EmbeddingCache cache;

    @BeforeAll
    static void read() {
        assumeTrue(Files.isRegularFile(MMLU) && Files.isRegularFile(ALPACA), "shared/eval data not found at " + EVAL);
        mmlu = RoutingDataset.read(List.of(MMLU)).pair("Phi-3-mini-4k-instruct", "gemini-1.5-pro-002");
        alpaca = RoutingDataset.read(List.of(ALPACA)).pair("gemma-2b-it", "claude-2.1");
        cache = new EmbeddingCache(MiniLmSentenceEmbedder.shared(), MiniLmSentenceEmbedder.DEFAULT_MAX_TOKENS,
                Optional.of(Path.of("target/embedding-cache")));
    }

    @Test
    void aRouterTrainedOnTheTrainSplitsBeatsPromptLengthOnTheTestSplits() {
        List<String> log = new ArrayList<>();
        RouterFile file = RouterTrainer.train(List.of(mmlu, alpaca), cache, MiniLmSentenceEmbedder.DEFAULT_MAX_TOKENS, "test", log::add);
        LearnedDifficultyScorer scorer = new LearnedDifficultyScorer(file, MiniLmSentenceEmbedder.shared());
        // the file records the embeddings it was trained on (checked against the embedder at every load)
        assertThat(List.of(file.embeddingModel(), file.embeddingLayers(), file.embeddingDimension())).containsExactly("all-minilm-l6-v2-q", 3, 384);
        assertThat(log).anyMatch(l -> l.contains("logistic")).anyMatch(l -> l.contains("knn")).anyMatch(l -> l.contains("mlp"));

        PairedItems mmluTest = mmlu.split("test");
        double mmluRouter = apgr(scorer, mmluTest);
        double mmluLength = PgrCurve.of(BaselineScores.promptLength(mmluTest), weak(mmluTest), strong(mmluTest)).apgr();
        // Measured 0.579 (bootstrap 95 % interval 0.557–0.600) with 32 tokens and cross-validated labels; the goal of
        // 0.60 is not reached, see docs/router.md. The floor leaves ~0.02 for platform differences.
        assertThat(mmluRouter).isGreaterThanOrEqualTo(0.56);
        assertThat(mmluRouter - mmluLength).isGreaterThan(0.06);

        PairedItems alpacaTest = alpaca.split("test");
        double alpacaRouter = apgr(scorer, alpacaTest);
        double alpacaLength = PgrCurve.of(BaselineScores.promptLength(alpacaTest), weak(alpacaTest), strong(alpacaTest)).apgr();
        // Measured 0.681 against prompt length's 0.550.
        assertThat(alpacaRouter - alpacaLength).isGreaterThan(0.08);
    }

    @Test
    void theShippedRouterKeepsItsHeldOutQuality() {
        LearnedDifficultyScorer scorer = new LearnedDifficultyScorer(RouterFiles.builtIn(), MiniLmSentenceEmbedder.shared());
        assertThat(apgr(scorer, mmlu.split("test"))).isGreaterThanOrEqualTo(0.56);
        PairedItems alpacaTest = alpaca.split("test");
        double alpacaLength = PgrCurve.of(BaselineScores.promptLength(alpacaTest), weak(alpacaTest), strong(alpacaTest)).apgr();
        assertThat(apgr(scorer, alpacaTest) - alpacaLength).isGreaterThan(0.08);
        assertThat(scorer.file().embeddingTokens()).isEqualTo(MiniLmSentenceEmbedder.DEFAULT_MAX_TOKENS);
    }

    private static double apgr(LearnedDifficultyScorer scorer, PairedItems items) {
        RequestFeatures[] features = FeatureRows.of(items, cache);
        double[] scores = new double[features.length];
        for (int i = 0; i < scores.length; i++) scores[i] = scorer.probability(features[i]);
        return PgrCurve.of(scores, weak(items), strong(items)).apgr();
    }

    private static double[] weak(PairedItems p) {
        double[] w = new double[p.size()];
        for (int i = 0; i < w.length; i++) w[i] = p.weakScore(i);
        return w;
    }

    private static double[] strong(PairedItems p) {
        double[] s = new double[p.size()];
        for (int i = 0; i < s.length; i++) s[i] = p.strongScore(i);
        return s;
    }
}
