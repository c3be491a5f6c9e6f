package io.tiergate.api;

import java.util.List;

/** The log-probability (natural log) of one generated token, with the most likely alternatives. */
public record TokenLogprob(String token, double logprob, List<Alternative> top) {
    public TokenLogprob {
        top = List.copyOf(top);
    }

    public record Alternative(String token, double logprob) {}
}
