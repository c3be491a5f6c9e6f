package io.tiergate.backends.http;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendFailure.Kind;
import io.tiergate.backends.http.wire.ContentEncodingException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Turns what went wrong on the wire into {@link BackendFailure} values, with messages that name the backend. */
public final class UpstreamFailures {
    private UpstreamFailures() {}

    public static BackendFailure of(Kind kind, String backendId, String message, boolean streamStarted) {
        return new BackendFailure(kind, backendId, message, Optional.empty(), Optional.empty(), streamStarted);
    }

    /**
     * An HTTP error status: 429 rate limited (with Retry-After), 529 and 503-"overloaded" overloaded,
     * other 5xx server error, other 4xx client error carrying the upstream's own message.
     */
    public static BackendFailure fromStatus(String backendId, int status, Optional<String> retryAfter, Optional<String> upstreamMessage) {
        Kind kind = status == 429 ? Kind.RATE_LIMITED
                : status == 529 ? Kind.OVERLOADED
                : status >= 500 ? Kind.SERVER_ERROR
                : Kind.CLIENT_ERROR;
        Optional<Duration> wait = retryAfter.flatMap(v -> RetryAfter.parse(v, Instant.now()));
        String message = "backend '" + backendId + "' answered HTTP " + status + upstreamMessage.map(m -> ": " + m).orElse("");
        return new BackendFailure(kind, backendId, message, Optional.of(status), wait, false);
    }

    /**
     * An exception of the HTTP client. {@code phase}: whether response headers had arrived and
     * whether chunks had already gone to the client; timeouts are told apart by {@code deadlines}.
     */
    public static BackendFailure fromException(String backendId, Throwable error, Deadlines deadlines, boolean headersReceived,
                                               boolean streamStarted) {
        Optional<Kind> tripped = deadlines.tripped();
        if (tripped.isPresent() && tripped.get() == Kind.CANCELLED) {
            return of(Kind.CANCELLED, backendId, "the client went away; the call to backend '" + backendId + "' was cancelled", streamStarted);
        }
        if (tripped.isPresent()) return timeout(backendId, tripped.get(), deadlines, streamStarted);
        for (Throwable c = error; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof ContentEncodingException) {
                return of(Kind.PROTOCOL, backendId, "backend '" + backendId + "' sent a body Tiergate cannot read: " + c.getMessage(), streamStarted);
            }
        }
        Throwable cause = rootIo(error);
        if (cause instanceof SocketTimeoutException || cause instanceof HttpConnectTimeoutException) {
            String m = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (!headersReceived && m.contains("connect")) return timeout(backendId, Kind.TIMEOUT_CONNECT, deadlines, false);
            return timeout(backendId, deadlines.kindForReadTimeout(), deadlines, streamStarted);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
            return of(Kind.CONNECT, backendId, "cannot connect to backend '" + backendId + "': " + describe(cause), false);
        }
        if (!headersReceived) {
            return of(Kind.CONNECT, backendId, "backend '" + backendId + "' closed the connection before answering: " + describe(cause), false);
        }
        return of(Kind.STREAM_BROKEN, backendId, "backend '" + backendId + "' broke off its answer: " + describe(cause), streamStarted);
    }

    public static BackendFailure timeout(String backendId, Kind kind, Deadlines d, boolean streamStarted) {
        Duration limit = switch (kind) {
            case TIMEOUT_CONNECT -> d.timeouts().connect();
            case TIMEOUT_FIRST_TOKEN -> d.timeouts().firstToken();
            case TIMEOUT_IDLE -> d.timeouts().idle();
            default -> d.timeouts().total();
        };
        String what = switch (kind) {
            case TIMEOUT_CONNECT -> "connecting";
            case TIMEOUT_FIRST_TOKEN -> "waiting for the first token";
            case TIMEOUT_IDLE -> "waiting between stream chunks";
            default -> "in total";
        };
        return of(kind, backendId, "backend '" + backendId + "' timed out " + what + " (limit " + limit.toMillis() + " ms)", streamStarted);
    }

    private static Throwable rootIo(Throwable t) {
        Throwable found = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) found = c;
            if (c.getCause() == c) break;
        }
        return found;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
