package io.tiergate.engine.oracle;

/**
 * How far our logits may lie from llama.cpp's on the oracle files (logits of std about 1, top logits
 * 2.5–5), by weight type. We keep activations in F32 for every weight type; llama.cpp's CPU kernels
 * first round the activation vector to the weight's "vec_dot_type" (ggml-cpu.c), and the differences
 * follow from that. Largest differences measured over all 48 files (llama.cpp v0.5.0 of
 * node-llama-cpp 3.22.1, F32 KV cache, no flash attention) in brackets; gemma3's are the largest
 * everywhere, having six layers to the others' two:
 * <ul>
 *   <li>F32: 0.002 — the same arithmetic up to summation order (1e-5 for llama, qwen2, qwen3), except
 *       that ggml evaluates GELU through an F16 lookup table (GGML_GELU_FP16), which moves gemma3's
 *       logits (0.0012; rounding our GELU the same way halves that);</li>
 *   <li>F16: 0.005 — activations rounded to F16, 11 significant bits (0.0028);</li>
 *   <li>BF16: 0.04 — activations rounded to BF16, 8 significant bits (0.017);</li>
 *   <li>quantized (Q4_0, Q5_0, Q8_0 against Q8_0 activations; Q4_K, Q5_K, Q6_K against Q8_K
 *       activations, and the Q4_K_M mix): 0.15 — 8-bit activations, about 0.5% per dot product,
 *       compounded over the layers (0.087, gemma3 Q6_K; 0.058 at most for the two-layer files).</li>
 * </ul>
 * Real errors in the forward pass move logits by far more: dividing the RMS norm's sum by n−1
 * instead of n (0.2%) fails the F32 and F16 files, swapping the mins of two Q4_K sub-blocks moves
 * the Q4_K files' logits by 0.6–2.4, and flipping the norm's sign fails every file.
 */
final class LogitTolerance {

    private LogitTolerance() {}

    /** The tolerance for a file of {@code types} ({@code F32} … or a mix such as {@code Q4_K_M}). */
    static float of(String types) {
        return switch (types) {
            case "F32" -> 0.002f;
            case "F16" -> 0.005f;
            case "BF16" -> 0.04f;
            default -> 0.15f;
        };
    }
}
