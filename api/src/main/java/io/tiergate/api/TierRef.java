package io.tiergate.api;

import java.util.Set;

/** A configured tier as the router sees it: its name, its rank (0 = cheapest) and its backends' localities. */
public record TierRef(String name, int rank, Set<Locality> localities) {
    public TierRef {
        localities = Set.copyOf(localities);
    }
}
