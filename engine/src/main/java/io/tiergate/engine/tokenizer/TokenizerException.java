package io.tiergate.engine.tokenizer;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** A vocabulary the tokenizer cannot use (unknown model kind or pre-tokenizer, inconsistent arrays): a model-file problem. */
public final class TokenizerException extends TiergateException {
    public TokenizerException(String message) {
        super(500, "model_error", message, Optional.of("tokenizer_unsupported"), Optional.empty(), Map.of());
    }
}
