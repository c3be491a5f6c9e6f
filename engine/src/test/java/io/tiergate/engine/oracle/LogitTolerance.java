package io.tiergate.engine.oracle;

/**
 * How far our logits may lie from llama.cpp's on the oracle files (logits of std about 1, top logits
 * 2.5–5), by weight type. We keep activations in F32 for every weight type; llama.cpp's CPU kernels
 * first round the activation vector to the weight's "vec_dot_type" (ggml-cpu.c), and the differences
 * follow from that. Largest differences measured over all 40 files (llama.cpp v0.5.0 of
 * node-llama-cpp 3.22.1, F32 KV cache, no flash attention) in brackets:
 * <ul>
 *   <li>F32: 0.002 — the same arithmetic up to summation order (1e-5), except that ggml evaluates
 *       GELU through an F16 lookup table (GGML_GELU_FP16), which moves gemma3's logits (8e-4);</li>
 *   <li>F16: 0.005 — activations rounded to F16, 11 significant bits (0.0023);</li>
 *   <li>BF16: 0.03 — activations rounded to BF16, 8 significant bits (0.015);</li>
 *   <li>quantized (Q4_0, Q5_0, Q8_0 against Q8_0 activations; Q4_K, Q5_K, Q6_K against Q8_K
 *       activations): 0.1 — 8-bit activations, about 0.5% per dot product, compounded over the
 *       layers (0.076, gemma3 Q5_K).</li>
 * </ul>
 * A real error in the forward pass (a sign, a norm, a RoPE angle, a block layout) moves logits by
 * the order of their spread, far beyond these.
 */
final class LogitTolerance {

    private LogitTolerance() {}

    /** The tolerance for a file of {@code types} ({@code F32} … or a mix such as {@code Q4_K_M}). */
    static float of(String types) {
        return switch (types) {
            case "F32" -> 0.002f;
            case "F16" -> 0.005f;
            case "BF16" -> 0.03f;
            default -> 0.1f;
        };
    }
}
