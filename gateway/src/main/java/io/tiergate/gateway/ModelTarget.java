package io.tiergate.gateway;

/** What a request's {@code model} names: the router's choice, or one tier and one of its models. */
public sealed interface ModelTarget {
    record Auto() implements ModelTarget {}

    record Explicit(Tier tier, String model, String how) implements ModelTarget {}
}
