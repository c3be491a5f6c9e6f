package io.tiergate.engine.tokenizer;

/** The tokenizer algorithm named by {@code tokenizer.ggml.model}. */
public enum TokenizerKind {
    /** "llama": SentencePiece BPE with scores and byte fallback (Llama 2, TinyLlama, Gemma 1–3). */
    SPM,
    /** "gpt2" (byte-level BPE with merges and a pre-tokenizer: Llama 3, Qwen, SmolLM) or "gemma4" (BPE on raw UTF-8). */
    BPE
}
