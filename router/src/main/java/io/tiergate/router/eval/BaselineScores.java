package io.tiergate.router.eval;

import java.util.SplittableRandom;

/** Router scores of the trivial routers a learned one must beat: random, prompt length and the oracle ceiling. */
public final class BaselineScores {
    private BaselineScores() {}

    public static double[] random(PairedItems items, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] s = new double[items.size()];
        for (int i = 0; i < s.length; i++) s[i] = r.nextDouble();
        return s;
    }

    /** Longer prompts go to the strong model. */
    public static double[] promptLength(PairedItems items) {
        double[] s = new double[items.size()];
        for (int i = 0; i < s.length; i++) s[i] = items.items().get(i).prompt().length();
        return s;
    }

    /** Knows the answers: the items where the strong model gains most go first. */
    public static double[] oracle(PairedItems items) {
        double[] s = new double[items.size()];
        for (int i = 0; i < s.length; i++) s[i] = items.strongScore(i) - items.weakScore(i);
        return s;
    }
}
