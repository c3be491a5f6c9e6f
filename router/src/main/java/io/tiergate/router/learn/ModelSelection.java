package io.tiergate.router.learn;

import io.tiergate.router.eval.PgrCurve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Trains logistic regression, k-nearest-neighbours and a small MLP (and blends of the best of each) on the
 * fit part and ranks them by validation APGR (mean over routing files, so each model pair counts the same).
 */
public final class ModelSelection {
    static final int PROTOTYPES = 256;

    private ModelSelection() {}

    /**
     * How to train one candidate from a training set, so the winner can be trained again on more data.
     * {@code shippable} is false for models too big for a router file (kNN over every training prompt):
     * they are compared and reported, but not kept.
     */
    public record Recipe(String name, Function<TrainingSet, DifficultyModel> trainer, boolean shippable) {
        Recipe(String name, Function<TrainingSet, DifficultyModel> trainer) {
            this(name, trainer, true);
        }
    }

    /**
     * @param logisticL2 the penalties (shape, embedding) of the logistic regression, chosen beforehand by
     *                   cross-validation ({@link RouterTrainer}); the other families are tuned here on validation
     */
    public static List<Candidate> candidates(TrainingSet fit, TrainingSet validation, Standardizer standardizer,
                                             double[] logisticL2, Consumer<String> log) {
        List<Candidate> out = new ArrayList<>();
        out.add(evaluate(logistic(logisticL2[0], logisticL2[1]), fit, validation, log));
        for (int k : new int[] {25, 100}) {
            out.add(evaluate(new Recipe("knn(k=" + k + ", all prompts)", t -> KnnTrainer.build(t, standardizer, k), false),
                    fit, validation, log));
        }
        for (int k : new int[] {4, 8}) {
            out.add(evaluate(new Recipe("knn(k=" + k + " of " + PROTOTYPES + " prototypes)",
                    t -> KnnTrainer.prototypes(t, standardizer, PROTOTYPES, k, 7)), fit, validation, log));
        }
        for (double l2 : new double[] {1e-2, 3e-2, 0.1}) {
            out.add(evaluate(new Recipe("mlp(hidden=32,l2=" + l2 + ")", t -> MlpTrainer.train(t, 32, l2, 15, 42)), fit, validation, log));
        }
        Candidate logistic = best(out.stream().filter(c -> c.model() instanceof LogisticModel).toList());
        Candidate knn = best(out.stream().filter(c -> c.model() instanceof KnnModel && c.recipe().shippable()).toList());
        Candidate mlp = best(out.stream().filter(c -> c.model() instanceof MlpModel).toList());
        out.add(evaluate(blend(logistic, knn), fit, validation, log));
        out.add(evaluate(blend(mlp, knn), fit, validation, log));
        out.add(evaluate(blend(logistic, mlp), fit, validation, log));
        return out;
    }

    /** Logistic regression with penalties {@code l2Shape} on the shape weights and {@code l2Embedding} on the embedding's. */
    public static Recipe logistic(double l2Shape, double l2Embedding) {
        return new Recipe("logistic(l2=" + l2Shape + "/" + l2Embedding + ")", t -> LogisticTrainer.train(t, l2Shape, l2Embedding, 300));
    }

    /** The shippable candidate with the best validation APGR. */
    public static Candidate best(List<Candidate> candidates) {
        return candidates.stream().filter(c -> c.recipe().shippable()).max(Comparator.comparingDouble(Candidate::validationApgr)).orElseThrow();
    }

    /** The mean of two candidates' log-odds, each part trained again by its own recipe. */
    private static Recipe blend(Candidate a, Candidate b) {
        return new Recipe("blend(" + a.recipe().name() + "," + b.recipe().name() + ")",
                t -> new BlendModel(List.of(a.recipe().trainer().apply(t), b.recipe().trainer().apply(t)), new double[] {0.5, 0.5}));
    }

    private static Candidate evaluate(Recipe recipe, TrainingSet fit, TrainingSet validation, Consumer<String> log) {
        DifficultyModel model = recipe.trainer().apply(fit);
        double apgr = meanApgr(model, validation);
        StringBuilder perFile = new StringBuilder();
        for (int g = 0; g < validation.groups(); g++) {
            TrainingSet one = validation.only(g);
            perFile.append(String.format(" %.3f", one.size() < 2 ? Double.NaN : meanApgr(model, one)));
        }
        log.accept(String.format("  %-44s validation APGR %.3f (per file:%s)", recipe.name(), apgr, perFile));
        return new Candidate(recipe, model, apgr);
    }

    /** Mean over groups of the APGR of {@code model}'s scores; groups where the strong model does not win are skipped. */
    public static double meanApgr(DifficultyModel model, TrainingSet data) {
        double sum = 0;
        int counted = 0;
        for (int g = 0; g < data.groups(); g++) {
            TrainingSet part = data.only(g);
            if (part.size() < 2) continue;
            double[] scores = new double[part.size()];
            for (int i = 0; i < scores.length; i++) scores[i] = model.logit(part.z()[i]);
            try {
                sum += PgrCurve.of(scores, part.weak(), part.strong()).apgr();
                counted++;
            } catch (IllegalArgumentException noGain) {
                // this file's strong model does not beat its weak one here; nothing to rank
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }
}
