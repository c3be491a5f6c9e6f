package io.tiergate.router.learn;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** A weighted mean of other models' log-odds (e.g. a smooth topic prior from kNN plus shape cues from logistic regression). */
public record BlendModel(List<DifficultyModel> parts, double[] weights) implements DifficultyModel {
    public BlendModel {
        parts = List.copyOf(parts);
        if (parts.size() != weights.length) throw new IllegalArgumentException("one weight per blended model");
    }

    @Override
    public double logit(double[] z) {
        double s = 0;
        for (int i = 0; i < weights.length; i++) s += weights[i] * parts.get(i).logit(z);
        return s;
    }

    @Override
    public ToDoubleFunction<double[]> withEmbeddingOf(double[] z) {
        List<ToDoubleFunction<double[]>> fixed = parts.stream().map(p -> p.withEmbeddingOf(z)).toList();
        return x -> {
            double s = 0;
            for (int i = 0; i < weights.length; i++) s += weights[i] * fixed.get(i).applyAsDouble(x);
            return s;
        };
    }
}
