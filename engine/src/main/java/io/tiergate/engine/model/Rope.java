package io.tiergate.engine.model;

import java.util.Optional;

/** Rotary position embedding of one head vector, in NORMAL or NEOX pairing. */
final class Rope {

    private Rope() {}

    /**
     * Rotates {@code x[off .. off+headDim)} for position {@code pos}: pair i turns by
     * pos * scale * base^(-2i/headDim) / factor[i] radians.
     */
    static void rotate(float[] x, int off, int headDim, int pos, float base, float scale, RopeStyle style,
                       Optional<float[]> factors) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double freq = Math.pow(base, -2.0 * i / headDim);
            if (factors.isPresent()) freq /= factors.get()[i];
            double theta = pos * (double) scale * freq;
            float cos = (float) Math.cos(theta);
            float sin = (float) Math.sin(theta);
            int a = style == RopeStyle.NORMAL ? off + 2 * i : off + i;
            int b = style == RopeStyle.NORMAL ? a + 1 : a + half;
            float x0 = x[a];
            float x1 = x[b];
            x[a] = x0 * cos - x1 * sin;
            x[b] = x0 * sin + x1 * cos;
        }
    }
}
