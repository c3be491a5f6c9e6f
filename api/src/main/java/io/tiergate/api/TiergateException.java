package io.tiergate.api;

import java.util.Map;
import java.util.Optional;

/**
 * The one exception hierarchy of Tiergate. Each carries what the HTTP edge needs to answer in
 * OpenAI's error shape: status, type, code, the offending parameter and extra response headers.
 */
public class TiergateException extends RuntimeException {
    private final int status;
    private final String type;
    private final Optional<String> code;
    private final Optional<String> param;
    private final Map<String, String> headers;

    public TiergateException(int status, String type, String message, Optional<String> code, Optional<String> param,
                             Map<String, String> headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    public int status() { return status; }

    public String type() { return type; }

    public Optional<String> code() { return code; }

    public Optional<String> param() { return param; }

    public Map<String, String> headers() { return headers; }
}
