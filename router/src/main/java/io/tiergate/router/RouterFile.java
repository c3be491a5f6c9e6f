package io.tiergate.router;

import io.tiergate.router.learn.DifficultyModel;
import io.tiergate.router.learn.Standardizer;

import java.util.List;

/**
 * A trained router as stored on disk (JSON): the features it expects, the standardizer and model, the
 * calibration of its scores, and how it was made (so it can be rebuilt).
 *
 * @param embeddingTokens tokens at the end of the last user message's question that were embedded in training
 * @param selection       every model compared, with its validation APGR, best first
 */
public record RouterFile(String format, String modelName, List<String> trainedOn, String trainingCommand,
                         int embeddingTokens, List<String> shapeFeatures, Standardizer standardizer,
                         DifficultyModel model, Calibration calibration, List<Selection> selection) {
    /**
     * Version 3: embeddings from the first 3 layers of the int8 MiniLM ({@code all-minilm-l6-v2-q-3-layers}); version 2
     * used all 6 layers of the int8 weights, version 1 the float weights.
     */
    public static final String FORMAT = "tiergate-router/3";

    public RouterFile {
        if (standardizer == null || model == null || calibration == null || shapeFeatures == null) {
            throw new IllegalArgumentException("a router file needs 'standardizer', 'model', 'calibration' and 'shapeFeatures'");
        }
        if (embeddingTokens < 8 || embeddingTokens > 510) {
            throw new IllegalArgumentException("'embeddingTokens' must be in [8, 510], was " + embeddingTokens);
        }
        trainedOn = trainedOn == null ? List.of() : List.copyOf(trainedOn);
        shapeFeatures = List.copyOf(shapeFeatures);
        selection = selection == null ? List.of() : List.copyOf(selection);
    }

    /** A compared model and its validation APGR. */
    public record Selection(String model, double validationApgr) {}
}
