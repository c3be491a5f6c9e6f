package io.tiergate.backends;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tiergate.api.Locality;
import io.tiergate.backends.http.ProxySelection;
import io.tiergate.backends.openai.OpenAiQuirks;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One remote model server, as configured. A key left out (null from the YAML binder) takes its default.
 *
 * @param id       unique name, shown in headers, metrics and errors
 * @param kind     "openai" (any OpenAI-compatible server) or "anthropic" (Messages API)
 * @param baseUrl  e.g. http://127.0.0.1:11434/v1 (Ollama), https://api.openai.com/v1, https://api.anthropic.com
 * @param apiKey   the key itself (env: references are resolved by the config loader); empty: none sent
 * @param models   public model name → the upstream's model name; a name not listed goes through as is
 * @param locality where it runs; default: lan for loopback/private/.local hosts, cloud otherwise
 * @param provider who runs it (openai, ollama, anthropic ...); default: the quirks preset or "anthropic"
 * @param region   e.g. eu-west-1, for residency rules
 * @param quirks   OpenAI-compatible preset: ollama, lmstudio, llamacpp, vllm, openai, groq, together,
 *                 mistral, azure, generic (default generic); ignored for anthropic
 * @param headers  extra request headers sent with every call
 * @param proxy    {@code none} (always direct) or {@code http://[user:password@]host:port} (every call through it);
 *                 left out: the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY, see {@link ProxySelection}
 */
public record BackendConfig(String id, String kind, URI baseUrl, Optional<String> apiKey, Map<String, String> models,
                            @JsonDeserialize(using = LocalityJson.class) Locality locality, String provider, Optional<String> region, String quirks,
                            BackendTimeouts timeouts, Map<String, String> headers, Optional<String> proxy) {

    public BackendConfig {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("id must be a non-empty name");
        kind = kind == null ? "openai" : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("openai") && !kind.equals("anthropic")) {
            throw new IllegalArgumentException("kind must be openai or anthropic, got '" + kind + "'");
        }
        if (baseUrl == null) throw new IllegalArgumentException("base-url is required for backend '" + id + "'");
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
            throw new IllegalArgumentException("base-url must be an absolute http(s) URL, got '" + baseUrl + "'");
        }
        apiKey = apiKey == null ? Optional.empty() : apiKey.filter(k -> !k.isBlank());
        models = models == null ? Map.of() : Map.copyOf(models);
        quirks = quirks == null ? "generic" : quirks.toLowerCase(Locale.ROOT);
        try {
            OpenAiQuirks.preset(quirks);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("quirks: " + e.getMessage());
        }
        locality = locality == null ? guessLocality(baseUrl) : locality;
        provider = provider == null || provider.isBlank() ? (kind.equals("anthropic") ? "anthropic" : quirks) : provider;
        region = region == null ? Optional.empty() : region;
        timeouts = timeouts == null ? BackendTimeouts.defaults() : timeouts;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        proxy = proxy == null ? Optional.empty() : proxy.filter(p -> !p.isBlank());
        try {
            proxy.ifPresent(ProxySelection::validateSetting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend '" + id + "': " + e.getMessage());
        }
    }

    /** Without a proxy setting (the environment's proxies apply). */
    public BackendConfig(String id, String kind, URI baseUrl, Optional<String> apiKey, Map<String, String> models, Locality locality,
                         String provider, Optional<String> region, String quirks, BackendTimeouts timeouts, Map<String, String> headers) {
        this(id, kind, baseUrl, apiKey, models, locality, provider, region, quirks, timeouts, headers, Optional.empty());
    }

    /**
     * Without secrets: the API key, header values (an Authorization header is a key too) and the
     * proxy's credentials would otherwise reach any log or error that prints a configuration.
     */
    @Override
    public String toString() {
        return "BackendConfig[id=" + id + ", kind=" + kind + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)")
                + ", models=" + models + ", locality=" + locality + ", provider=" + provider + ", region=" + region.orElse("(none)")
                + ", quirks=" + quirks + ", timeouts=" + timeouts + ", headers=" + new java.util.TreeSet<>(headers.keySet())
                + ", proxy=" + proxy.map(BackendConfig::withoutCredentials).orElse("(environment)") + "]";
    }

    /** A proxy setting with anything before its last '@' (user and password, with or without a scheme) left out. */
    private static String withoutCredentials(String proxy) {
        int at = proxy.lastIndexOf('@');
        if (at < 0) return proxy;
        int scheme = proxy.indexOf("://");
        return (scheme >= 0 && scheme < at ? proxy.substring(0, scheme + 3) : "") + "(credentials)" + proxy.substring(at);
    }

    /** The proxies this backend's calls go through: its own setting, else the process environment's. */
    public ProxySelection proxies() {
        return ProxySelection.configured(proxy, System.getenv());
    }

    /** An OpenAI-compatible backend with every default (generic quirks, no key, models passed through). */
    public static BackendConfig openAi(String id, URI baseUrl) {
        return new BackendConfig(id, "openai", baseUrl, Optional.empty(), Map.of(), null, null, Optional.empty(), null, null, Map.of());
    }

    public static BackendConfig anthropic(String id, URI baseUrl, String apiKey) {
        return new BackendConfig(id, "anthropic", baseUrl, Optional.of(apiKey), Map.of(), null, null, Optional.empty(), null, null, Map.of());
    }

    public BackendConfig withTimeouts(BackendTimeouts t) {
        return new BackendConfig(id, kind, baseUrl, apiKey, models, locality, provider, region, quirks, t, headers, proxy);
    }

    public BackendConfig withModels(Map<String, String> m) {
        return new BackendConfig(id, kind, baseUrl, apiKey, m, locality, provider, region, quirks, timeouts, headers, proxy);
    }

    public BackendConfig withQuirks(String preset) {
        return new BackendConfig(id, kind, baseUrl, apiKey, models, locality, null, region, preset, timeouts, headers, proxy);
    }

    public BackendConfig withApiKey(String key) {
        return new BackendConfig(id, kind, baseUrl, Optional.of(key), models, locality, provider, region, quirks, timeouts, headers, proxy);
    }

    public BackendConfig withHeaders(Map<String, String> h) {
        return new BackendConfig(id, kind, baseUrl, apiKey, models, locality, provider, region, quirks, timeouts, h, proxy);
    }

    /** {@code none}, a proxy URL, or empty for the environment's. */
    public BackendConfig withProxy(Optional<String> p) {
        return new BackendConfig(id, kind, baseUrl, apiKey, models, locality, provider, region, quirks, timeouts, headers, p);
    }

    /** The upstream's name for a public model name. */
    public String upstreamModel(String publicName) {
        return models.getOrDefault(publicName, publicName);
    }

    private static Locality guessLocality(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".local") || host.endsWith(".lan") || host.endsWith(".internal")) return Locality.LAN;
        if (!host.matches("[0-9.]+") && !host.startsWith("[")) return Locality.CLOUD;
        try {
            InetAddress a = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() ? Locality.LAN : Locality.CLOUD;
        } catch (java.net.UnknownHostException e) {
            return Locality.CLOUD;
        }
    }
}
