package io.tiergate.engine.generate;

import io.tiergate.api.TokenLogprob;

import java.util.List;

/** Receives a sequence's text as it is generated; returning false cancels the sequence. */
@FunctionalInterface
public interface GenerationListener {

    /** {@code logprobs} covers the tokens that produced this text (empty unless asked for). */
    boolean onText(String text, List<TokenLogprob> logprobs);

    GenerationListener NONE = (text, logprobs) -> true;
}
