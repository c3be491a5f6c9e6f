package io.tiergate.engine.model;

/** Root-mean-square normalisation: y = x / sqrt(mean(x²) + eps) * w, over rows of {@code n}. */
public final class RmsNorm {

    private RmsNorm() {}

    /** Normalises {@code rows} rows of width {@code n} from {@code x} into {@code out} (may be the same array). */
    public static void apply(float[] x, int xOff, float[] out, int outOff, float[] w, int n, int rows, float eps) {
        for (int r = 0; r < rows; r++) {
            int a = xOff + r * n;
            int b = outOff + r * n;
            double ss = 0;
            for (int i = 0; i < n; i++) ss += (double) x[a + i] * x[a + i];
            float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
            for (int i = 0; i < n; i++) out[b + i] = x[a + i] * scale * w[i];
        }
    }
}
