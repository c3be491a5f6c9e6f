/**
 * Tiergate's cognitive-load router: {@link io.tiergate.router.LearnedDifficultyScorer} scores how likely
 * the cheaper tier is to do worse than the stronger one (sentence embedding + shape features + a learned
 * model from a router file), {@link io.tiergate.router.ThresholdRouter} turns the score into an ordered
 * plan of tiers with a reason, calibrated from an operator's target ({@link io.tiergate.router.RouterConfig}).
 * Sub-packages: {@code features} (what is read from a request), {@code learn} (training and the models),
 * {@code eval} (routing-evaluation files and the APGR/CPT metric). See docs/router.md.
 */
package io.tiergate.router;
