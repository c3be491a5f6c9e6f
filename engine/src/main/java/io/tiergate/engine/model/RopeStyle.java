package io.tiergate.engine.model;

/**
 * How rotary position embedding pairs a head's dimensions. NORMAL rotates adjacent pairs (2i, 2i+1)
 * (llama; the converter permutes Q/K so this holds); NEOX rotates (i, i + headDim/2) (Qwen, Gemma).
 */
public enum RopeStyle {
    NORMAL, NEOX
}
