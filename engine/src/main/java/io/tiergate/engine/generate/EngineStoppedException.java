package io.tiergate.engine.generate;

/**
 * The engine is shutting down (or the model was unloaded under a request): a request that meets it gets
 * a 503 the client may retry, not an internal error. An {@link IllegalStateException}, as before, for
 * callers that only know that.
 */
public final class EngineStoppedException extends IllegalStateException {

    public EngineStoppedException(String message) {
        super(message);
    }
}
