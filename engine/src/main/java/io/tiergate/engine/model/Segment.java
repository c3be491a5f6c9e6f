package io.tiergate.engine.model;

/** Tokens to append to one session in a batched forward pass. */
public record Segment(Session session, int[] tokens) {

    public Segment {
        if (tokens.length == 0) throw new IllegalArgumentException("a segment needs at least one token");
        tokens = tokens.clone();
    }
}
