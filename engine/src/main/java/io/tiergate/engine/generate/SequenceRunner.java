package io.tiergate.engine.generate;

import io.tiergate.engine.model.Model;

/** Runs one sequence to the end on its own (the terminal's {@code run}, tests); servers batch instead. */
public final class SequenceRunner {

    /** Prompt tokens fed per forward pass. */
    public static final int PROMPT_CHUNK = 512;

    private SequenceRunner() {}

    public static GenerationResult run(Model model, GenerationSequence sequence) {
        while (!sequence.finished()) {
            float[] logits = model.forward(sequence.session(), sequence.nextInput(PROMPT_CHUNK));
            sequence.accept(logits);
        }
        return sequence.result();
    }
}
