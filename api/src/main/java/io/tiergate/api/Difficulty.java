package io.tiergate.api;

import java.util.List;

/**
 * A request's cognitive load: {@code score} in [0, 1] is the predicted probability that the cheaper
 * tier's answer is worse than the stronger tier's. {@code signals} are the strongest contributions,
 * largest first, for explanations.
 */
public record Difficulty(double score, List<Signal> signals) {
    public Difficulty {
        signals = List.copyOf(signals);
    }

    /** One feature's contribution to the score (positive pushes toward the stronger tier). */
    public record Signal(String name, double value, double contribution) {}
}
