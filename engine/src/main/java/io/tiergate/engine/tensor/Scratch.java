package io.tiergate.engine.tensor;

/**
 * Arrays a kernel call needs for a moment (sub-block sums of x, unpacked scales, decoded rows,
 * attention scores), kept per thread and reused. Allocated per call they came to ~1 MB per generated
 * token on a Qwen2.5-0.5B file, a young collection every few tokens, and G1 answered that pause rate by
 * growing a heap whose live data is ~100 MB past 1 GB of resident memory.
 * <p>Each array has one user at a time: a kernel takes what it needs at the start of a call and calls
 * nothing that takes the same array. The threads that run passes (the kernel pool's workers, a model's
 * batch loop) are long-lived platform threads, so each keeps one set.
 */
public final class Scratch {

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** A K-quant super-block's 8 scales and 8 mins, unpacked as floats or as integers. */
    final float[] scales = new float[16];
    final int[] sc = new int[8];
    final int[] mn = new int[8];
    private float[] sums = new float[0];
    private float[] minWeights = new float[0];
    private float[] rows = new float[0];
    private float[] scores = new float[0];

    private Scratch() {}

    static Scratch get() {
        return LOCAL.get();
    }

    /** Sub-block sums of x: at least {@code n} floats. */
    float[] sums(int n) {
        if (sums.length < n) sums = new float[n];
        return sums;
    }

    /** What a Q4_K super-block's scales and mins multiply: at least {@code n} floats. */
    float[] minWeights(int n) {
        if (minWeights.length < n) minWeights = new float[n];
        return minWeights;
    }

    /** Rows decoded for a prompt tile: at least {@code n} floats. */
    float[] rows(int n) {
        if (rows.length < n) rows = new float[n];
        return rows;
    }

    /** One attention head's scores over the positions it attends to: at least {@code n} floats. */
    public static float[] scores(int n) {
        Scratch s = LOCAL.get();
        if (s.scores.length < n) s.scores = new float[Math.max(n, 64)];
        return s.scores;
    }
}
