package io.tiergate.api;

/** Scores a request's difficulty. Pure: no I/O beyond a model loaded once. Thread-safe. */
public interface DifficultyScorer {
    Difficulty score(ChatRequest request);
}
