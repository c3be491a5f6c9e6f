package io.tiergate.router;

import io.tiergate.router.learn.DifficultyModel;
import io.tiergate.router.learn.Standardizer;

import java.util.List;

/**
 * A trained router as stored on disk (JSON): the features it expects, the standardizer and model, the
 * calibration of its scores, and how it was made (so it can be rebuilt).
 *
 * @param embeddingTokens leading tokens of the last user message that were embedded in training
 * @param selection       every model compared, with its validation APGR, best first
 */
public record RouterFile(String format, String modelName, List<String> trainedOn, String trainingCommand,
                         int embeddingTokens, List<String> shapeFeatures, Standardizer standardizer,
                         DifficultyModel model, Calibration calibration, List<Selection> selection) {
    public static final String FORMAT = "tiergate-router/1";

    public RouterFile {
        trainedOn = List.copyOf(trainedOn);
        shapeFeatures = List.copyOf(shapeFeatures);
        selection = List.copyOf(selection);
    }

    /** A compared model and its validation APGR. */
    public record Selection(String model, double validationApgr) {}
}
