package io.tiergate.engine.template;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** The model's chat template cannot be rendered by us (a syntax or feature we do not support): a model problem, 500. */
public final class ChatTemplateException extends TiergateException {
    public ChatTemplateException(String message) {
        super(500, "model_error", message, Optional.of("chat_template_error"), Optional.empty(), Map.of());
    }
}
