package io.tiergate.gateway;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.TiergateException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A backend failure turned into the client's answer: 429 passed on, 503 when a local engine is full,
 * 504 for timeouts, the upstream's own 4xx for client errors, 502 otherwise — always naming the backend.
 * An upstream's 401, 403 or 407 is about Tiergate's own credentials, not the client's: it is a 502
 * {@code upstream_auth_failed} without the upstream's words (a provider quotes part of the key it was
 * given), which go to the log for the operator.
 */
public final class UpstreamException extends TiergateException {
    private final BackendFailure failure;
    private final String tier;

    public UpstreamException(BackendFailure failure, String tier) {
        super(status(failure), type(failure), message(failure, tier), Optional.of(code(failure)), Optional.empty(),
                headers(failure));
        if (authFailure(failure)) {
            LOG.warning("backend '" + failure.backendId() + "' of tier '" + tier + "' refused Tiergate's credentials: "
                    + failure.message() + failure.upstreamStatus().map(s -> " (HTTP " + s + ")").orElse(""));
        }
        this.failure = failure;
        this.tier = tier;
    }

    /** The tier whose backend failed last. */
    public String tier() {
        return tier;
    }

    public BackendFailure failure() {
        return failure;
    }

    /**
     * Whether a call that failed so had been taken up by the upstream: it connected, was not refused with an
     * error status, and then ended without an answer — the client went away (cancelled), the answer did not come
     * in time (first-token, idle or total timeout), or it broke off. The upstream has read the prompt by then and
     * may have generated part or all of the answer, so it may bill the call; a refusal (connect error, 429, 5xx,
     * 4xx) it does not. A protocol failure is not counted: mostly an error body or a server that is not what it
     * claims, with no sign that it generated anything.
     */
    public static boolean takenUp(BackendFailure.Kind kind) {
        return switch (kind) {
            case CANCELLED, TIMEOUT_FIRST_TOKEN, TIMEOUT_IDLE, TIMEOUT_TOTAL, STREAM_BROKEN -> true;
            case CONNECT, TIMEOUT_CONNECT, RATE_LIMITED, OVERLOADED, SERVER_ERROR, CLIENT_ERROR, PROTOCOL, UNSUPPORTED -> false;
        };
    }

    /** {@link #takenUp} judged from an exchange's error code (the codes this class gives those kinds). */
    public static boolean takenUpCode(String errorCode) {
        return TAKEN_UP_CODES.contains(errorCode);
    }

    private static final java.util.Set<String> TAKEN_UP_CODES = java.util.Arrays.stream(BackendFailure.Kind.values())
            .filter(UpstreamException::takenUp)
            .map(k -> code(new BackendFailure(k, "", "", Optional.empty(), Optional.empty(), false)))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(UpstreamException.class.getName());

    private static boolean authFailure(BackendFailure f) {
        return f.kind() == BackendFailure.Kind.CLIENT_ERROR
                && f.upstreamStatus().filter(s -> s == 401 || s == 403 || s == 407).isPresent();
    }

    private static int status(BackendFailure f) {
        if (authFailure(f)) return 502;
        return switch (f.kind()) {
            case RATE_LIMITED -> 429;
            case OVERLOADED -> 503;
            case TIMEOUT_CONNECT, TIMEOUT_FIRST_TOKEN, TIMEOUT_IDLE, TIMEOUT_TOTAL -> 504;
            case CLIENT_ERROR -> f.upstreamStatus().filter(s -> s >= 400 && s < 500).orElse(400);
            case UNSUPPORTED -> 400;
            case CONNECT, SERVER_ERROR, PROTOCOL, STREAM_BROKEN, CANCELLED -> 502;
        };
    }

    private static String type(BackendFailure f) {
        if (authFailure(f)) return "upstream_error";
        return switch (f.kind()) {
            case RATE_LIMITED -> "rate_limit_error";
            case CLIENT_ERROR, UNSUPPORTED -> "invalid_request_error";
            default -> "upstream_error";
        };
    }

    private static String code(BackendFailure f) {
        if (authFailure(f)) return "upstream_auth_failed";
        return switch (f.kind()) {
            case RATE_LIMITED -> "upstream_rate_limited";
            case OVERLOADED -> "overloaded";
            case TIMEOUT_CONNECT -> "upstream_connect_timeout";
            case TIMEOUT_FIRST_TOKEN -> "upstream_first_token_timeout";
            case TIMEOUT_IDLE -> "upstream_idle_timeout";
            case TIMEOUT_TOTAL -> "upstream_timeout";
            case CONNECT -> "upstream_unreachable";
            case SERVER_ERROR -> "upstream_server_error";
            case CLIENT_ERROR -> "upstream_rejected";
            case PROTOCOL -> "upstream_protocol_error";
            case STREAM_BROKEN -> "upstream_stream_broken";
            case CANCELLED -> "cancelled";
            case UNSUPPORTED -> "unsupported";
        };
    }

    private static String message(BackendFailure f, String tier) {
        String status = f.upstreamStatus().map(s -> " (HTTP " + s + ")").orElse("");
        if (authFailure(f)) {
            return "Backend '" + f.backendId() + "' of tier '" + tier + "' refused Tiergate's credentials" + status
                    + "; the operator should check its api-key.";
        }
        return "Backend '" + f.backendId() + "' of tier '" + tier + "' failed: " + f.message() + status + ".";
    }

    private static Map<String, String> headers(BackendFailure f) {
        Map<String, String> h = new HashMap<>();
        f.retryAfter().ifPresent(d -> h.put("retry-after", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        return h;
    }
}
