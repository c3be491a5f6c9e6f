package io.tiergate.gateway;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** 404: the model name matches no tier, alias or served model. */
public final class ModelNotFoundException extends TiergateException {
    public ModelNotFoundException(String model) {
        super(404, "invalid_request_error", "The model '" + model + "' does not exist. "
                        + "Use 'auto', a tier name, 'tier/model', or a model listed by GET /v1/models.",
                Optional.of("model_not_found"), Optional.of("model"), Map.of());
    }
}
