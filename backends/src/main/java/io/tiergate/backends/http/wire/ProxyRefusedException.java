package io.tiergate.backends.http.wire;

import java.net.ConnectException;

/**
 * A proxy answered a request meant for the upstream itself: it refused to open a CONNECT tunnel
 * (403 by policy, 407 for credentials, 502/503/504 when it could not reach the target), or answered
 * a proxied plain-http request with 407. A {@link ConnectException}, because the upstream was never
 * reached: a pool may try another replica.
 */
public final class ProxyRefusedException extends ConnectException {
    private final int status;

    ProxyRefusedException(Http1Proxy proxy, String target, int status, String detail) {
        super("proxy " + proxy.address() + " refused " + target + " with HTTP " + status + " (" + detail + ")");
        this.status = status;
    }

    /** The proxy's HTTP status, e.g. 407. */
    public int status() {
        return status;
    }

    /** What a status means for someone configuring the proxy. */
    static String explain(int status, String proxyAuthenticate) {
        return switch (status) {
            case 407 -> proxyAuthenticate.isEmpty() ? "proxy authentication required: put user:password in the proxy URL"
                    : proxyAuthenticate.regionMatches(true, 0, "Basic", 0, 5)
                    ? "proxy authentication required (" + proxyAuthenticate + "): put user:password in the proxy URL, or check them"
                    : "the proxy asks for " + proxyAuthenticate.split(" ")[0] + " authentication; only Basic (user:password in the URL) is supported";
            case 403 -> "the proxy's policy forbids this destination";
            case 502, 503, 504 -> "the proxy could not reach the destination";
            default -> "unexpected answer to CONNECT";
        };
    }
}
