package io.tiergate.router;

import io.tiergate.router.learn.DifficultyModel;
import io.tiergate.router.learn.Standardizer;

import java.util.List;

/**
 * A trained router as stored on disk (JSON): the embeddings and features it expects, the standardizer and model,
 * the calibration of its scores, and how it was made (so it can be rebuilt).
 *
 * @param embeddingTokens    tokens at the end of the last user message's question that were embedded in training
 * @param embeddingModel     the embedding weights trained on, e.g. {@code all-minilm-l6-v2-q} (int8 all-MiniLM-L6-v2)
 * @param embeddingLayers    how many of their transformer layers ran (from the first)
 * @param embeddingDimension values per embedding; the standardizer holds the shape features and then these
 * @param selection          every model compared, with its validation APGR, best first
 */
public record RouterFile(String format, String modelName, List<String> trainedOn, String trainingCommand,
                         int embeddingTokens, String embeddingModel, int embeddingLayers, int embeddingDimension,
                         List<String> shapeFeatures, Standardizer standardizer,
                         DifficultyModel model, Calibration calibration, List<Selection> selection) {
    /**
     * Version 3: embeddings from the first layers of the int8 MiniLM (3 in every file written so far; since
     * 2026-11-24 evening the file says which model, how many layers and how many values in {@code embeddingModel},
     * {@code embeddingLayers} and {@code embeddingDimension}, and older version-3 files are read as
     * {@code all-minilm-l6-v2-q}, 3, 384: see {@link RouterFiles}); version 2 used all 6 layers of the int8 weights,
     * version 1 the float weights.
     */
    public static final String FORMAT = "tiergate-router/3";

    public RouterFile {
        if (standardizer == null || model == null || calibration == null || shapeFeatures == null) {
            throw new IllegalArgumentException("a router file needs 'standardizer', 'model', 'calibration' and 'shapeFeatures'");
        }
        if (embeddingTokens < 8 || embeddingTokens > 510) {
            throw new IllegalArgumentException("'embeddingTokens' must be in [8, 510], was " + embeddingTokens);
        }
        if (embeddingModel == null || embeddingModel.isBlank()) throw new IllegalArgumentException("'embeddingModel' must name the embedding weights");
        if (embeddingLayers < 1) throw new IllegalArgumentException("'embeddingLayers' must be at least 1, was " + embeddingLayers);
        if (embeddingDimension < 1) throw new IllegalArgumentException("'embeddingDimension' must be at least 1, was " + embeddingDimension);
        int inputs = shapeFeatures.size() + embeddingDimension;
        if (standardizer.mean() == null || standardizer.scale() == null
                || standardizer.mean().length != inputs || standardizer.scale().length != inputs) {
            throw new IllegalArgumentException("'standardizer' must hold " + inputs + " means and scales ('shapeFeatures' "
                    + shapeFeatures.size() + " + 'embeddingDimension' " + embeddingDimension + "), has "
                    + (standardizer.mean() == null ? 0 : standardizer.mean().length) + " and "
                    + (standardizer.scale() == null ? 0 : standardizer.scale().length));
        }
        trainedOn = trainedOn == null ? List.of() : List.copyOf(trainedOn);
        shapeFeatures = List.copyOf(shapeFeatures);
        selection = selection == null ? List.of() : List.copyOf(selection);
    }

    /** A compared model and its validation APGR. */
    public record Selection(String model, double validationApgr) {}
}
