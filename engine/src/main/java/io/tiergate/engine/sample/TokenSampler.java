package io.tiergate.engine.sample;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chooses tokens from logits in llama.cpp's order: penalties, top-k, top-p, min-p, temperature, then
 * a seeded draw (or argmax at temperature 0). One sampler per sequence; not thread-safe.
 */
public final class TokenSampler {

    private final SamplingParams p;
    private final SplittableRandom random;
    private final int[] recent;
    private int recentCount;

    public TokenSampler(SamplingParams params) {
        this.p = params;
        this.random = new SplittableRandom(params.seed().orElseGet(() -> new java.security.SecureRandom().nextLong()));
        this.recent = new int[Math.max(1, params.penaltyWindow())];
    }

    /** Records a token of the context (prompt or generated) for the penalties. */
    public void accept(int token) {
        recent[recentCount % recent.length] = token;
        recentCount++;
    }

    /** Picks the next token; {@code logits} is left unchanged. */
    public int sample(float[] logits) {
        float[] l = logits.clone();
        applyPenalties(l);
        if (p.temperature() == 0f) return argmax(l);
        int n = l.length;
        int k = p.topK() > 0 ? Math.min(p.topK(), n) : n;
        int[] order = TopK.indices(l, k);
        // softmax over the top-k candidates
        double max = l[order[0]];
        double[] prob = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            prob[i] = Math.exp(l[order[i]] - max);
            sum += prob[i];
        }
        int keep = k;
        if (p.topP() < 1f) {
            double cum = 0;
            for (int i = 0; i < k; i++) {
                cum += prob[i] / sum;
                if (cum >= p.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        if (p.minP() > 0f) {
            double threshold = p.minP() * prob[0];
            int m = 1;
            while (m < keep && prob[m] >= threshold) m++;
            keep = m;
        }
        // temperature over the survivors
        double[] w = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            w[i] = Math.exp((l[order[i]] - max) / p.temperature());
            total += w[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            r -= w[i];
            if (r <= 0) return order[i];
        }
        return order[keep - 1];
    }

    private void applyPenalties(float[] l) {
        if (p.repeatPenalty() == 1f && p.frequencyPenalty() == 0f && p.presencePenalty() == 0f) return;
        Map<Integer, Integer> counts = new HashMap<>();
        int n = Math.min(recentCount, recent.length);
        for (int i = 0; i < n; i++) counts.merge(recent[i], 1, Integer::sum);
        for (var e : counts.entrySet()) {
            int t = e.getKey();
            if (t < 0 || t >= l.length) continue;
            if (p.repeatPenalty() != 1f) l[t] = l[t] > 0 ? l[t] / p.repeatPenalty() : l[t] * p.repeatPenalty();
            l[t] -= e.getValue() * p.frequencyPenalty() + p.presencePenalty();
        }
    }

    public static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
        return best;
    }
}
