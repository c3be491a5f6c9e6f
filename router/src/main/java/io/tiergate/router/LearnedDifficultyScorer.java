package io.tiergate.router;

import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.DifficultyScorer;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.RequestFeatures;
import io.tiergate.router.features.RequestFeaturizer;
import io.tiergate.router.features.RequestText;
import io.tiergate.router.features.ShapeFeatures;
import io.tiergate.router.learn.DifficultyModel;
import io.tiergate.router.learn.KnnModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Scores a request with a trained {@link RouterFile}: the probability that the cheaper tier's answer is
 * worse than the stronger tier's. Signals are occlusion contributions in log-odds: how much the score's
 * logit drops when one feature is set to its training mean (the whole embedding counts as one signal,
 * "topic"). Immutable and thread-safe; one instance serves all requests.
 */
public final class LearnedDifficultyScorer implements DifficultyScorer {
    static final String TOPIC_SIGNAL = "topic (embedding)";
    private static final int SIGNALS_KEPT = 5;

    private final RouterFile file;
    private final RequestFeaturizer featurizer;

    /**
     * @param location where {@code file} came from, for the message when it does not fit {@code embedder}
     * @throws io.tiergate.api.TiergateException when {@code file} was trained on embeddings {@code embedder} does not
     *                                           produce ({@link RouterFiles#checkEmbedder})
     */
    public LearnedDifficultyScorer(RouterFile file, String location, MiniLmSentenceEmbedder embedder) {
        this.file = RouterFiles.checkEmbedder(file, location, embedder.signature());
        this.featurizer = new RequestFeaturizer(embedder, file.embeddingTokens());
    }

    /** A scorer for a file whose location is not known (it is named by its model in a mismatch message). */
    public LearnedDifficultyScorer(RouterFile file, MiniLmSentenceEmbedder embedder) {
        this(file, "of model '" + file.modelName() + "'", embedder);
    }

    public RouterFile file() {
        return file;
    }

    @Override
    public Difficulty score(ChatRequest request) {
        return score(featurizer.features(request));
    }

    /** The features this scorer reads from {@code text} (embedding included). */
    public RequestFeatures features(RequestText text) {
        return featurizer.features(text);
    }

    /** The score of precomputed features (batch evaluation reuses cached embeddings). */
    public Difficulty score(RequestFeatures features) {
        double[] z = file.standardizer().apply(features);
        DifficultyModel model = file.model();
        double logit = model.logit(z);
        List<Difficulty.Signal> signals = new ArrayList<>();
        int shapeCount = ShapeFeatures.NAMES.size();
        if (!(model instanceof KnnModel)) {
            ToDoubleFunction<double[]> sameTopic = model.withEmbeddingOf(z);
            for (int j = 0; j < shapeCount; j++) {
                double saved = z[j];
                z[j] = 0;
                double without = sameTopic.applyAsDouble(z);
                z[j] = saved;
                signals.add(new Difficulty.Signal(ShapeFeatures.NAMES.get(j), features.shape()[j], logit - without));
            }
        }
        double[] noTopic = z.clone();
        for (int j = shapeCount; j < noTopic.length; j++) noTopic[j] = 0;
        signals.add(new Difficulty.Signal(TOPIC_SIGNAL, 1, logit - model.logit(noTopic)));
        List<Difficulty.Signal> strongest = signals.stream()
                .sorted(Comparator.comparingDouble((Difficulty.Signal s) -> Math.abs(s.contribution())).reversed())
                .limit(SIGNALS_KEPT).toList();
        return new Difficulty(DifficultyModel.sigmoid(logit), strongest);
    }

    /** Only the probability, without explanations (bulk scoring). */
    public double probability(RequestFeatures features) {
        return DifficultyModel.sigmoid(file.model().logit(file.standardizer().apply(features)));
    }
}
