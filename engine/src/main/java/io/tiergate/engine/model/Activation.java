package io.tiergate.engine.model;

/** The gate activation of the gated feed-forward block: SiLU (SwiGLU) or tanh-approximated GELU (GeGLU). */
public enum Activation {
    SILU, GELU_TANH;

    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    public float apply(float x) {
        return switch (this) {
            case SILU -> x / (1f + (float) Math.exp(-x));
            case GELU_TANH -> 0.5f * x * (1f + (float) Math.tanh(SQRT_2_OVER_PI * x * (1f + 0.044715f * x * x)));
        };
    }
}
