package io.tiergate.engine.sample;

import java.util.ArrayList;
import java.util.List;

/** Natural-log probabilities under the model's own distribution (log-softmax of the raw logits). */
public final class Logprobs {

    /** One token id and its log-probability. */
    public record Entry(int token, double logprob) {}

    private final float[] logits;
    private final double logZ;

    public Logprobs(float[] logits) {
        this.logits = logits;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double sum = 0;
        for (float v : logits) sum += Math.exp(v - max);
        this.logZ = max + Math.log(sum);
    }

    public Entry of(int token) {
        return new Entry(token, logits[token] - logZ);
    }

    /** The {@code n} most likely tokens, best first. */
    public List<Entry> top(int n) {
        List<Entry> out = new ArrayList<>(n);
        for (int id : TopK.indices(logits, Math.min(n, logits.length))) out.add(of(id));
        return out;
    }
}
