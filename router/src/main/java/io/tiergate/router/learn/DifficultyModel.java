package io.tiergate.router.learn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

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

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
