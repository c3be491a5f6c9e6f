package io.tiergate.backends.http;

import io.tiergate.backends.http.wire.Http1Proxy;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which HTTP proxy, if any, a call to a target URL goes through. Pure: the environment comes in as a
 * map, and nothing here resolves host names.
 *
 * <p>From the environment, as curl reads it: {@code https_proxy}/{@code HTTPS_PROXY} for https
 * targets, {@code http_proxy}/{@code HTTP_PROXY} for http ones (lower case first, a blank value
 * counts as unset), and {@code no_proxy}/{@code NO_PROXY}: a comma- or space-separated list of
 * {@code *} (nothing is proxied), host names that also match their subdomains ({@code example.com},
 * {@code .corp.example}, {@code *.corp.example} all match {@code a.corp.example}, the first two the
 * bare domain too), {@code host:port}, IP addresses and CIDR ranges ({@code 10.0.0.0/8}).
 * Loopback targets (localhost, *.localhost, 127.0.0.0/8, ::1) always go direct.
 *
 * <p>A backend's own {@code proxy:} setting overrides the environment: {@code none} is always
 * direct, a URL is used for every call of that backend (loopback and NO_PROXY included: it was
 * asked for by name).
 */
public final class ProxySelection {
    private static final ProxySelection DIRECT = new ProxySelection(Optional.empty(), Optional.empty(), List.of(), false, false);

    private final Optional<Http1Proxy> forHttp;
    private final Optional<Http1Proxy> forHttps;
    private final List<NoProxyRule> noProxy;
    private final boolean bypassAll;
    private final boolean bypassRules; // false for a proxy named in the backend's own configuration

    private ProxySelection(Optional<Http1Proxy> forHttp, Optional<Http1Proxy> forHttps, List<NoProxyRule> noProxy,
                           boolean bypassAll, boolean bypassRules) {
        this.forHttp = forHttp;
        this.forHttps = forHttps;
        this.noProxy = List.copyOf(noProxy);
        this.bypassAll = bypassAll;
        this.bypassRules = bypassRules;
    }

    /** Never a proxy. */
    public static ProxySelection direct() {
        return DIRECT;
    }

    /** This proxy for every target. */
    public static ProxySelection always(Http1Proxy proxy) {
        return new ProxySelection(Optional.of(proxy), Optional.of(proxy), List.of(), false, false);
    }

    /** The process's own environment ({@link System#getenv()}). */
    public static ProxySelection fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** From proxy variables in {@code env}; a malformed proxy URL fails with the variable's name. */
    public static ProxySelection fromEnvironment(Map<String, String> env) {
        Optional<Http1Proxy> http = proxyVariable(env, "http_proxy", "HTTP_PROXY");
        Optional<Http1Proxy> https = proxyVariable(env, "https_proxy", "HTTPS_PROXY");
        if (http.isEmpty() && https.isEmpty()) return DIRECT;
        String list = variable(env, "no_proxy", "NO_PROXY").map(Map.Entry::getValue).orElse("");
        List<NoProxyRule> rules = new ArrayList<>();
        boolean all = false;
        for (String entry : list.split("[,\\s]+")) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.equals("*")) all = true;
            else if (!e.isEmpty()) NoProxyRule.parse(e).ifPresent(rules::add);
        }
        return new ProxySelection(http, https, rules, all, true);
    }

    /**
     * A backend's {@code proxy:} setting: empty means the environment's, {@code none} direct,
     * anything else a proxy URL ({@code http://[user:password@]host:port}).
     */
    public static ProxySelection configured(Optional<String> setting, Map<String, String> env) {
        if (setting.isEmpty()) return fromEnvironment(env);
        String s = setting.get().strip();
        if (s.equalsIgnoreCase("none")) return DIRECT;
        return always(parseSetting(s));
    }

    /** Validates a {@code proxy:} value as {@link #configured} reads it; the message names the key. */
    public static void validateSetting(String setting) {
        if (!setting.strip().equalsIgnoreCase("none")) parseSetting(setting.strip());
    }

    /** The proxy to use for {@code target}, or empty to connect directly. */
    public Optional<Http1Proxy> proxyFor(URI target) {
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        Optional<Http1Proxy> proxy = tls ? forHttps : forHttp;
        if (proxy.isEmpty() || !bypassRules) return proxy;
        if (bypassAll || target.getHost() == null) return Optional.empty();
        String host = normalHost(target.getHost());
        int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        Optional<InetAddress> ip = NoProxyRule.ipLiteral(host);
        boolean loopback = host.equals("localhost") || host.endsWith(".localhost") || ip.map(InetAddress::isLoopbackAddress).orElse(false);
        if (loopback) return Optional.empty();
        for (NoProxyRule rule : noProxy) {
            if (rule.matches(host, ip, port)) return Optional.empty();
        }
        return proxy;
    }

    private static Http1Proxy parseSetting(String s) {
        try {
            return Http1Proxy.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proxy must be 'none' or an http:// proxy URL: " + e.getMessage());
        }
    }

    private static Optional<Http1Proxy> proxyVariable(Map<String, String> env, String lower, String upper) {
        return variable(env, lower, upper).map(v -> {
            try {
                return Http1Proxy.parse(v.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("environment variable " + v.getKey() + ": " + e.getMessage());
            }
        });
    }

    /** The first of the two names set to a non-blank value, with its name. */
    private static Optional<Map.Entry<String, String>> variable(Map<String, String> env, String lower, String upper) {
        for (String name : List.of(lower, upper)) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) return Optional.of(Map.entry(name, v));
        }
        return Optional.empty();
    }

    /** Lower case, without IPv6 brackets or a trailing dot. */
    static String normalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h;
    }

    /**
     * One NO_PROXY entry: a domain (matching itself and its subdomains) or an address range, on any
     * port (0) or one.
     */
    private record NoProxyRule(String domain, Optional<InetAddress> network, int prefixBits, int port) {
        /** Empty for an entry no target could match (a bad port or range), which curl ignores too. */
        static Optional<NoProxyRule> parse(String entry) {
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                Optional<InetAddress> net = ipLiteral(normalHost(entry.substring(0, slash)));
                try {
                    int bits = Integer.parseInt(entry.substring(slash + 1));
                    if (net.isEmpty() || bits < 0 || bits > net.get().getAddress().length * 8) return Optional.empty();
                    return Optional.of(new NoProxyRule(entry, net, bits, 0));
                } catch (NumberFormatException bad) {
                    return Optional.empty();
                }
            }
            String e = entry;
            int port = 0;
            int close = e.lastIndexOf(']');
            int colon = e.lastIndexOf(':');
            boolean hostPort = e.startsWith("[") ? colon > close : colon > 0 && e.indexOf(':') == colon;
            if (hostPort) {
                try {
                    port = Integer.parseInt(e.substring(colon + 1));
                } catch (NumberFormatException bad) {
                    return Optional.empty();
                }
                e = e.substring(0, colon);
            }
            if (e.startsWith("*.")) e = e.substring(1);
            if (e.startsWith(".")) e = e.substring(1);
            e = normalHost(e);
            if (e.isEmpty()) return Optional.empty();
            Optional<InetAddress> ip = ipLiteral(e);
            return Optional.of(new NoProxyRule(e, ip, ip.map(a -> a.getAddress().length * 8).orElse(0), port));
        }

        boolean matches(String host, Optional<InetAddress> hostIp, int targetPort) {
            if (port != 0 && port != targetPort) return false;
            if (network.isEmpty()) return host.equals(domain) || host.endsWith("." + domain);
            return hostIp.isPresent() && inRange(hostIp.get().getAddress(), network.get().getAddress(), prefixBits);
        }

        private static boolean inRange(byte[] address, byte[] net, int bits) {
            if (address.length != net.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (net[i / 8] & mask)) return false;
            }
            return true;
        }

        /** The address when {@code host} is an IP literal; never a DNS lookup. */
        static Optional<InetAddress> ipLiteral(String host) {
            boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            if (!v4 && host.indexOf(':') < 0) return Optional.empty();
            try {
                return Optional.of(InetAddress.ofLiteral(host));
            } catch (IllegalArgumentException notAnAddress) {
                return Optional.empty();
            }
        }
    }
}
