package io.tiergate.router.features;

/**
 * What an embedder produces, as far as a router trained on its vectors depends on it. A router file records the
 * first three (and the token budget it was trained with), and is refused by an embedder that differs: the same text
 * through other weights, another number of layers or another vector length gives vectors the router never saw.
 *
 * @param model           the weights, e.g. {@code all-minilm-l6-v2-q} (int8 all-MiniLM-L6-v2)
 * @param layers          transformer layers run, from the first
 * @param dimension       values per embedding (384 for MiniLM)
 * @param maxBudgetTokens the largest token budget the embedder takes (its input length limit)
 */
public record EmbeddingSignature(String model, int layers, int dimension, int maxBudgetTokens) {}
