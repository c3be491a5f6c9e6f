package io.tiergate.router.learn;

/**
 * How training labels are made ({@link PeerLabels}): the weak and the strong model each with their {@code peers}
 * nearest-in-strength models, mixed with the pair's own label at {@code pairWeight}. {@code peers = 0} is the
 * pair's own label alone.
 */
public record LabelChoice(int peers, double pairWeight) {
    public LabelChoice {
        if (peers < 0) throw new IllegalArgumentException("peers must be >= 0, was " + peers);
        if (pairWeight < 0 || pairWeight > 1) throw new IllegalArgumentException("pairWeight must be in [0, 1], was " + pairWeight);
    }

    public String name() {
        if (peers == 0) return "pair label";
        return pairWeight == 0 ? "peers(" + peers + ")" : pairWeight + " pair + " + (1 - pairWeight) + " peers(" + peers + ")";
    }
}
