package io.tiergate.router.features;

/** What a learned scorer reads: shape features ({@link ShapeFeatures#NAMES} order) and a unit sentence embedding. */
public record RequestFeatures(double[] shape, float[] embedding) {}
