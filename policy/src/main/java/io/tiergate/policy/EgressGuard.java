package io.tiergate.policy;

import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The outbound allow-list: the gateway may connect only to the host and port of a configured
 * backend base URL. Checked by the outbound client before every connection, so a
 * redirect, a misrouted request or a URL smuggled into configuration cannot reach anywhere else.
 * Host names compare case-insensitively and are not resolved (a name and its IP are different
 * entries); default ports are filled in (http 80, https 443). Immutable and thread-safe.
 */
public final class EgressGuard {
    private final Set<String> allowed;

    private EgressGuard(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Allows the endpoints of these backend base URLs; a URL without scheme or host is a configuration error. */
    public static EgressGuard of(Collection<URI> backendBaseUrls) {
        Set<String> endpoints = new HashSet<>();
        for (URI uri : backendBaseUrls) {
            endpoints.add(endpoint(uri).orElseThrow(() -> new IllegalArgumentException(
                    "backend base URL '" + uri + "' needs an http or https scheme and a host")));
        }
        return new EgressGuard(endpoints);
    }

    /** Whether a connection to {@code target} is allowed. */
    public boolean allows(URI target) {
        return endpoint(target).map(allowed::contains).orElse(false);
    }

    /** Throws {@link EgressDeniedException} unless a connection to {@code target} is allowed. */
    public void check(URI target) {
        if (!allows(target)) {
            String where = endpoint(target).orElse("'" + target.getScheme() + ":…' (no http(s) host)");
            throw new EgressDeniedException("Outbound connection to " + where + " refused: it is not the host and port of any configured backend");
        }
    }

    /** "api.openai.com:443", or empty for URIs that are not absolute http(s) URLs with a host. */
    private static Optional<String> endpoint(URI uri) {
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) return Optional.empty();
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return Optional.of(uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
    }
}
