package io.tiergate.engine.model;

import java.util.Optional;

/** Rotary position embedding of head vectors, in NORMAL or NEOX pairing. */
final class Rope {

    private Rope() {}

    /**
     * The rotation of each dimension pair at {@code pos}: pair i turns by
     * pos * scale * base^(-2i/headDim) / factor[i] radians. Fills cos[0..headDim/2) and sin likewise.
     */
    static void angles(int pos, int headDim, float base, float scale, Optional<float[]> factors, float[] cos, float[] sin) {
        for (int i = 0; i < headDim / 2; i++) {
            double freq = Math.pow(base, -2.0 * i / headDim);
            if (factors.isPresent()) freq /= factors.get()[i];
            double theta = pos * (double) scale * freq;
            cos[i] = (float) Math.cos(theta);
            sin[i] = (float) Math.sin(theta);
        }
    }

    /** Rotates {@code x[off .. off+headDim)} by the given angles. */
    static void rotate(float[] x, int off, int headDim, RopeStyle style, float[] cos, float[] sin) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            int a = style == RopeStyle.NORMAL ? off + 2 * i : off + i;
            int b = style == RopeStyle.NORMAL ? a + 1 : a + half;
            float x0 = x[a];
            float x1 = x[b];
            x[a] = x0 * cos[i] - x1 * sin[i];
            x[b] = x0 * sin[i] + x1 * cos[i];
        }
    }
}
