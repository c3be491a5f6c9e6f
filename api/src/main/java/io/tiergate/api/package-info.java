/**
 * The domain of Tiergate: the records every module speaks (requests, responses, chunks, usage,
 * ledger entries) and the central interfaces ({@link io.tiergate.api.Backend},
 * {@link io.tiergate.api.DifficultyScorer}, {@link io.tiergate.api.Router},
 * {@link io.tiergate.api.ResidencyPolicy}, {@link io.tiergate.api.Ledger}).
 * Knows no library: wire formats are translated to these records at the edge.
 */
package io.tiergate.api;
