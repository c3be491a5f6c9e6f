package io.tiergate.router.eval;

import java.util.SplittableRandom;

/** A reproducible random subset: the same seed and size always choose the same positions. */
public final class SeededSplit {
    private SeededSplit() {}

    /** {@code true} at round(n × share) positions chosen by a Fisher–Yates shuffle seeded with {@code seed}. */
    public static boolean[] mask(int n, long seed, double share) {
        int[] order = order(n, seed);
        boolean[] chosen = new boolean[n];
        for (int k = 0; k < Math.round(n * share); k++) chosen[order[k]] = true;
        return chosen;
    }

    /** The positions 0 … n − 1 in an order fixed by {@code seed} (Fisher–Yates). */
    public static int[] order(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
