package io.tiergate.router.learn;

/** One trained model, the recipe that made it, and its APGR on the validation part of the training split. */
public record Candidate(ModelSelection.Recipe recipe, DifficultyModel model, double validationApgr) {
    public String name() {
        return recipe.name();
    }
}
