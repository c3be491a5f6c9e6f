package io.tiergate.router.learn;

import io.tiergate.router.eval.PgrCurve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains logistic regression, k-nearest-neighbours and a small MLP on the fit part and keeps the one
 * with the best validation APGR (mean over routing files, so each model pair counts the same).
 */
public final class ModelSelection {
    private ModelSelection() {}

    public static List<Candidate> candidates(TrainingSet fit, TrainingSet validation, Standardizer standardizer,
                                             Consumer<String> log) {
        List<Candidate> out = new ArrayList<>();
        for (double[] l2 : new double[][] {{0.01, 1.0}, {0.01, 3.0}, {0.01, 10.0}, {0.1, 3.0}}) {
            out.add(evaluate("logistic(l2=" + l2[0] + "/" + l2[1] + ")", LogisticTrainer.train(fit, l2[0], l2[1], 300), validation, log));
        }
        for (int k : new int[] {25, 100}) {
            out.add(evaluate("knn(k=" + k + ")", KnnTrainer.build(fit, standardizer, k), validation, log));
        }
        for (double l2 : new double[] {1e-2, 3e-2, 0.1}) {
            out.add(evaluate("mlp(hidden=32,l2=" + l2 + ")", MlpTrainer.train(fit, 32, l2, 15, 42), validation, log));
        }
        Candidate logistic = best(out.stream().filter(c -> c.model() instanceof LogisticModel).toList());
        Candidate knn = best(out.stream().filter(c -> c.model() instanceof KnnModel).toList());
        Candidate mlp = best(out.stream().filter(c -> c.model() instanceof MlpModel).toList());
        out.add(evaluate("blend(" + logistic.name() + "," + knn.name() + ")",
                new BlendModel(List.of(logistic.model(), knn.model()), new double[] {0.5, 0.5}), validation, log));
        out.add(evaluate("blend(" + mlp.name() + "," + knn.name() + ")",
                new BlendModel(List.of(mlp.model(), knn.model()), new double[] {0.5, 0.5}), validation, log));
        return out;
    }

    public static Candidate best(List<Candidate> candidates) {
        return candidates.stream().max(Comparator.comparingDouble(Candidate::validationApgr)).orElseThrow();
    }

    private static Candidate evaluate(String name, DifficultyModel model, TrainingSet validation, Consumer<String> log) {
        double apgr = meanApgr(model, validation);
        log.accept(String.format("  %-28s validation APGR %.3f", name, apgr));
        return new Candidate(name, model, apgr);
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
