package io.tiergate.router.learn;

/** One trained model and its APGR on the validation part of the training split (mean over the routing files). */
public record Candidate(String name, DifficultyModel model, double validationApgr) {}
