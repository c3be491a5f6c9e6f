package io.tiergate.server;

import io.prometheus.metrics.core.datapoints.DataPoint;

import java.util.function.Supplier;

/**
 * One label set's data point of a Prometheus metric, looked up on first use and kept. Looking it up on first
 * use keeps a series out of {@code /metrics} until it has a value (as {@code labelValues} per request did: a
 * token kind or a first-token histogram that never occurs is not exported as 0); keeping it saves the
 * look-up on later calls (a varargs array, a list and a map look-up, ~1 % of a proxied request's CPU).
 */
public final class FirstUseDataPoint<P extends DataPoint> {
    private final Supplier<P> lookUp;
    /**
     * Racing first uses get the same data point from the metric (its {@code labelValues} is idempotent), so
     * a lost write loses nothing; volatile so a thread that sees the point sees it whole.
     */
    private volatile P point;

    /** {@code lookUp} is the metric's {@code labelValues(...)} for this label set. */
    public FirstUseDataPoint(Supplier<P> lookUp) {
        this.lookUp = lookUp;
    }

    public P point() {
        P p = point;
        if (p == null) {
            p = lookUp.get();
            point = p;
        }
        return p;
    }
}
