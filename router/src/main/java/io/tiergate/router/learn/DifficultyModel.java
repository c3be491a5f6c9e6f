package io.tiergate.router.learn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.function.ToDoubleFunction;

/**
 * A learned map from a standardized input vector to the log-odds that the weak tier does worse than the
 * strong one. Immutable once trained, so safe to share between threads.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LogisticModel.class, name = "logistic"),
        @JsonSubTypes.Type(value = MlpModel.class, name = "mlp"),
        @JsonSubTypes.Type(value = KnnModel.class, name = "knn"),
        @JsonSubTypes.Type(value = BlendModel.class, name = "blend")})
public sealed interface DifficultyModel permits LogisticModel, MlpModel, KnnModel, BlendModel {
    double logit(double[] z);

    /**
     * This model with the embedding part of {@code z} fixed: a function of the input that is only valid for
     * inputs sharing {@code z}'s embedding. Explanations vary the shape features one at a time; a model
     * whose output depends on the embedding alone (kNN: 256 × 384 products per call) then costs nothing.
     */
    default ToDoubleFunction<double[]> withEmbeddingOf(double[] z) {
        return this::logit;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
