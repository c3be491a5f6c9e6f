package io.tiergate.backends.http.wire;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP forward proxy: plain-http targets go to it with absolute-form request targets, https
 * targets through a {@code CONNECT host:port} tunnel (see {@link Http1Tunnel}).
 *
 * @param authorization the whole {@code Proxy-Authorization} value ({@code Basic base64(user:pass)}), if the URL had credentials
 */
public record Http1Proxy(String host, int port, Optional<String> authorization) {
    /** curl's default when a proxy URL names no port. */
    public static final int DEFAULT_PORT = 1080;

    public Http1Proxy {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("a proxy needs a host");
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("proxy port out of range: " + port);
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code http://[user[:password]@]host[:port][/]}; a value without a scheme is taken as
     * http, as curl does. Credentials may be percent-encoded. Error messages never repeat the
     * credentials.
     */
    public static Http1Proxy parse(String url) {
        String value = url.strip();
        String withScheme = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a proxy URL: '" + redacted(value) + "'");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("only http:// proxies are supported (no TLS to the proxy, no SOCKS), got '"
                    + scheme + "://' in '" + redacted(value) + "'");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("no host in proxy URL '" + redacted(value) + "'");
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("a proxy URL has no path or query: '" + redacted(value) + "'");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        Optional<String> auth = Optional.ofNullable(uri.getRawUserInfo()).map(Http1Proxy::basic);
        return new Http1Proxy(host, port, auth);
    }

    /** host:port as written in a CONNECT line or a message (IPv6 in brackets); never the credentials. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Part of the pool key: connections made with other credentials are other connections. */
    String key() {
        return "proxy " + address() + authorization.map(a -> " " + a).orElse("");
    }

    /** Without the credentials, so a logged config or exception never shows them. */
    @Override
    public String toString() {
        return "http://" + address() + (authorization.isPresent() ? " (with credentials)" : "");
    }

    private static String basic(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        String user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redacted(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) return url;
        int scheme = url.indexOf("://");
        return (scheme < 0 ? "" : url.substring(0, scheme + 3)) + "***@" + url.substring(at + 1);
    }
}
