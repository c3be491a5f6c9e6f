package io.tiergate.router.learn;

import io.tiergate.router.Calibration;
import io.tiergate.router.RouterFile;
import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.eval.PgrCurve;
import io.tiergate.router.eval.SeededSplit;
import io.tiergate.router.features.EmbeddingSignature;
import io.tiergate.router.features.RequestFeatures;
import io.tiergate.router.features.ShapeFeatures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a router from routing-evaluation files. Only the train split of each file is used (the test
 * split stays untouched for {@code eval router --split test}); the train split is divided again into a
 * fit part (models are trained there) and a validation part (models are compared and scores are
 * calibrated there), both by fixed seeds. Labels and the logistic regression's penalty are chosen first, by
 * k-fold cross-validation over the whole training split ({@link CrossValidation}).
 */
public final class RouterTrainer {
    static final long VALIDATION_SEED = 99L;
    static final double VALIDATION_SHARE = 0.25;
    /**
     * Label recipes compared by cross-validation (PeerLabels): the pair's own label, peers only, and mixes. On one
     * validation split peers(3) looked best (0.690 vs 0.662 for the pair label, 6 layers), but 5-fold cross-validation
     * inside the training split put them level, and mixes with the pair's own label slightly ahead on MMLU-Pro
     * (docs/router.md), so the choice is left to cross-validation.
     */
    static final List<LabelChoice> LABELS = List.of(new LabelChoice(0, 0), new LabelChoice(3, 0), new LabelChoice(2, 0),
            new LabelChoice(3, 0.3), new LabelChoice(5, 0.3), new LabelChoice(3, 0.5));
    /** Penalties on the embedding weights of the logistic regression compared by cross-validation (0.01 on shape weights). */
    static final double[] EMBEDDING_L2 = {0.3, 1.0, 3.0};
    static final double SHAPE_L2 = 0.01;
    static final int FOLDS = 5;
    static final long[] FOLD_SEEDS = {1L, 2L};

    private RouterTrainer() {}

    public static RouterFile train(List<PairedItems> files, EmbeddingCache cache, int embeddingTokens, String command,
                                   Consumer<String> log) {
        int maxTokens = cache.embedder().signature().maxBudgetTokens();
        if (embeddingTokens < 8 || embeddingTokens > maxTokens) {
            throw new IllegalArgumentException("embedding-tokens must be in [8, " + maxTokens + "] for this embedder, was " + embeddingTokens);
        }
        List<double[]> raw = new ArrayList<>();
        List<double[]> weak = new ArrayList<>();
        List<double[]> strong = new ArrayList<>();
        List<List<double[]>> labelsByChoice = new ArrayList<>();
        for (int c = 0; c < LABELS.size(); c++) labelsByChoice.add(new ArrayList<>());
        List<String> trainedOn = new ArrayList<>();
        for (PairedItems file : files) {
            PairedItems train = file.split("train");
            log.accept("featurizing " + train.size() + " training items (" + file.weak() + " vs " + file.strong() + ")…");
            RequestFeatures[] features = FeatureRows.of(train, cache);
            double[] w = new double[train.size()];
            double[] s = new double[train.size()];
            for (int i = 0; i < w.length; i++) {
                raw.add(Standardizer.raw(features[i]));
                w[i] = train.weakScore(i);
                s[i] = train.strongScore(i);
            }
            weak.add(w);
            strong.add(s);
            for (int c = 0; c < LABELS.size(); c++) {
                labelsByChoice.get(c).add(PeerLabels.of(train, LABELS.get(c).peers(), LABELS.get(c).pairWeight()));
            }
            trainedOn.add(train.items().getFirst().source().split("/")[0] + ": " + file.weak() + " vs " + file.strong()
                    + " (" + train.size() + " train items)");
        }
        int n = raw.size();
        double[] allWeak = concat(weak);
        double[] allStrong = concat(strong);
        int[] group = new int[n];
        int at = 0;
        for (int g = 0; g < weak.size(); g++) for (int i = 0; i < weak.get(g).length; i++) group[at++] = g;
        boolean[] validation = SeededSplit.mask(n, VALIDATION_SEED, VALIDATION_SHARE);
        double[][] rawRows = raw.toArray(double[][]::new);
        Standardizer standardizer = Standardizer.fit(select(rawRows, validation, false));
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) z[i] = standardizer.apply(rawRows[i]);
        TrainingSet unlabelled = new TrainingSet(z, new double[n], allWeak, allStrong, group, files.size());
        log.accept("choosing labels and penalty by " + FOLDS + "-fold cross-validation (" + FOLD_SEEDS.length
                + " repeats) on all " + n + " training items:");
        List<RouterFile.Selection> crossValidated = new ArrayList<>();
        TrainingSet all = null;
        double[] l2 = null;
        double bestCv = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < LABELS.size(); c++) {
            TrainingSet labelled = unlabelled.withLabels(concat(labelsByChoice.get(c)));
            for (double l2Embedding : EMBEDDING_L2) {
                ModelSelection.Recipe recipe = ModelSelection.logistic(SHAPE_L2, l2Embedding);
                CrossValidation.Result result = CrossValidation.apgr(recipe.trainer(), labelled, FOLDS, FOLD_SEEDS);
                double cv = result.mean();
                String name = recipe.name() + ", " + LABELS.get(c).name();
                StringBuilder perFile = new StringBuilder();
                for (double a : result.perFile()) perFile.append(String.format(" %.3f", a));
                log.accept(String.format("  %-52s cross-validated APGR %.3f (per file:%s)", name, cv, perFile));
                crossValidated.add(new RouterFile.Selection("cross-validated: " + name, round(cv)));
                if (cv > bestCv) {
                    bestCv = cv;
                    all = labelled;
                    l2 = new double[] {SHAPE_L2, l2Embedding};
                }
            }
        }
        TrainingSet fit = all.subset(indices(validation, false));
        TrainingSet val = all.subset(indices(validation, true));
        log.accept("comparing models on " + fit.size() + " fit / " + val.size() + " validation items:");
        List<Candidate> candidates = ModelSelection.candidates(fit, val, standardizer, l2, log);
        Candidate best = ModelSelection.best(candidates);
        log.accept("kept " + best.name() + String.format(" (validation APGR %.3f); training it again on all %d training items", best.validationApgr(), n));
        // The final model sees the validation part too (a third more data); its calibration on that part is
        // therefore in-sample, which shifts score quantiles little (checked: see docs/router.md).
        DifficultyModel finalModel = best.recipe().trainer().apply(all);
        List<RouterFile.Selection> selection = new ArrayList<>(candidates.stream()
                .sorted((a, b) -> Double.compare(b.validationApgr(), a.validationApgr()))
                .map(c -> new RouterFile.Selection(c.name(), round(c.validationApgr()))).toList());
        crossValidated.sort((a, b) -> Double.compare(b.validationApgr(), a.validationApgr()));
        selection.addAll(crossValidated);
        EmbeddingSignature embedding = cache.embedder().signature();
        return new RouterFile(RouterFile.FORMAT, best.name(), trainedOn, command, embeddingTokens, embedding.model(),
                embedding.layers(), embedding.dimension(), ShapeFeatures.NAMES, standardizer, finalModel, calibrate(finalModel, val),
                selection);
    }

    /** Score quantiles and the quality curve of {@code model} on the validation items. */
    static Calibration calibrate(DifficultyModel model, TrainingSet val) {
        int n = val.size();
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = DifficultyModel.sigmoid(model.logit(val.z()[i]));
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double[] quantiles = new double[101];
        for (int c = 0; c <= 100; c++) quantiles[c] = sorted[(int) Math.round(c / 100.0 * (n - 1))];
        double weakMean = Arrays.stream(val.weak()).average().orElse(0);
        double strongMean = Arrays.stream(val.strong()).average().orElse(1);
        double[] share = new double[101];
        try {
            PgrCurve curve = PgrCurve.of(scores, val.weak(), val.strong());
            for (int c = 0; c <= 100; c++) share[c] = (weakMean + curve.pgr()[c] * (strongMean - weakMean)) / strongMean;
        } catch (IllegalArgumentException noGain) {
            Arrays.fill(share, 1);
        }
        for (int c = 0; c <= 100; c++) share[c] = round(share[c]);
        for (int c = 0; c <= 100; c++) quantiles[c] = round(quantiles[c]);
        return new Calibration(quantiles, share, n);
    }

    private static int[] indices(boolean[] mask, boolean value) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) if (mask[i] == value) idx.add(i);
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[][] select(double[][] rows, boolean[] mask, boolean value) {
        return Arrays.stream(indices(mask, value)).mapToObj(i -> rows[i]).toArray(double[][]::new);
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
