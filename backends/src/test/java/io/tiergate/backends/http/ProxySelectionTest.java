package io.tiergate.backends.http;

import io.tiergate.backends.http.wire.Http1Proxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which proxy a target goes through, from a given environment: one row per case. */
class ProxySelectionTest {
    private static final String HTTP = "http://http-proxy.corp:3128";
    private static final String HTTPS = "http://https-proxy.corp:8080";

    @ParameterizedTest(name = "NO_PROXY={0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // NO_PROXY                          | target                                   | proxy used
            "-                                   | https://api.openai.com/v1                | https-proxy.corp:8080",
            "-                                   | http://models.example.com/v1             | http-proxy.corp:3128",
            "-                                   | https://api.openai.com:8443/v1           | https-proxy.corp:8080",
            // Loopback always goes direct, as curl does.
            "-                                   | http://127.0.0.1:11434/v1                | direct",
            "-                                   | http://127.9.9.9:11434/v1                | direct",
            "-                                   | http://localhost:11434/v1                | direct",
            "-                                   | http://LOCALHOST./v1                     | direct",
            "-                                   | http://ollama.localhost/v1               | direct",
            "-                                   | http://[::1]:11434/v1                    | direct",
            "-                                   | http://[::ffff:127.0.0.1]:11434/v1       | direct",
            // A name matches itself and its subdomains, never a mere suffix of a label.
            "example.com                         | https://example.com/v1                   | direct",
            "example.com                         | https://api.EXAMPLE.com/v1               | direct",
            "example.com                         | https://badexample.com/v1                | https-proxy.corp:8080",
            ".corp.example                       | https://llm.corp.example/v1              | direct",
            ".corp.example                       | https://corp.example/v1                  | direct",
            "*.corp.example                      | https://a.b.corp.example/v1              | direct",
            ".corp.example                       | https://corp.example.org/v1              | https-proxy.corp:8080",
            "corp.example.                       | https://llm.corp.example/v1              | direct",
            // Several entries, commas and spaces, either case.
            "'foo.test, Bar.Test  baz.test'      | https://x.bar.test/v1                    | direct",
            "'foo.test,,bar.test'                | https://qux.test/v1                      | https-proxy.corp:8080",
            "*                                   | https://api.openai.com/v1                | direct",
            // host:port matches that port only (the scheme's default when the URL has none).
            "api.example.com:8443                | https://api.example.com:8443/v1          | direct",
            "api.example.com:8443                | https://api.example.com/v1               | https-proxy.corp:8080",
            "api.example.com:443                 | https://api.example.com/v1               | direct",
            "api.example.com:80                  | http://api.example.com/v1                | direct",
            "api.example.com:x                   | https://api.example.com/v1               | https-proxy.corp:8080",
            // Addresses and ranges match IP-literal targets; names are never resolved.
            "10.1.2.3                            | http://10.1.2.3:8000/v1                  | direct",
            "10.0.0.0/8                          | http://10.200.3.4:8000/v1                | direct",
            "10.0.0.0/8                          | http://11.0.0.1:8000/v1                  | http-proxy.corp:3128",
            "192.168.1.0/24                      | http://192.168.1.77/v1                   | direct",
            "192.168.1.0/24                      | http://192.168.2.77/v1                   | http-proxy.corp:3128",
            "10.0.0.0/8                          | http://ten.example/v1                    | http-proxy.corp:3128",
            "10.0.0.0/33                         | http://10.0.0.1/v1                       | http-proxy.corp:3128",
            "fd00::/8                            | http://[fd12::1]:8000/v1                 | direct",
            "'[fd12::1]:8000'                    | http://[fd12::1]:8000/v1                 | direct",
            "fd12::1                             | http://[fd12::1]:9000/v1                 | direct",
    })
    void choosesByTargetAndNoProxy(String noProxy, String target, String expected) {
        Map<String, String> env = new HashMap<>(Map.of("HTTP_PROXY", HTTP, "HTTPS_PROXY", HTTPS));
        if (noProxy != null) env.put("NO_PROXY", noProxy);
        Optional<Http1Proxy> chosen = ProxySelection.fromEnvironment(env).proxyFor(URI.create(target));
        assertThat(chosen.map(Http1Proxy::address).orElse("direct")).isEqualTo(expected);
    }

    @Test
    void lowerCaseVariablesComeFirstAndBlankOnesCountAsUnset() {
        Map<String, String> env = Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2",
                "http_proxy", " ", "HTTP_PROXY", "http://upper:3", "no_proxy", "skip.test", "NO_PROXY", "");
        ProxySelection s = ProxySelection.fromEnvironment(env);
        assertThat(s.proxyFor(URI.create("https://a.test/")).map(Http1Proxy::address)).contains("lower:1");
        assertThat(s.proxyFor(URI.create("http://a.test/")).map(Http1Proxy::address)).contains("upper:3");
        assertThat(s.proxyFor(URI.create("https://x.skip.test/"))).isEmpty();
    }

    @Test
    void onlyTheSchemesVariableApplies() {
        ProxySelection httpsOnly = ProxySelection.fromEnvironment(Map.of("HTTPS_PROXY", HTTPS));
        assertThat(httpsOnly.proxyFor(URI.create("http://api.example.com/"))).isEmpty();
        assertThat(httpsOnly.proxyFor(URI.create("https://api.example.com/"))).isPresent();
        assertThat(ProxySelection.fromEnvironment(Map.of("NO_PROXY", "x")).proxyFor(URI.create("https://api.example.com/"))).isEmpty();
    }

    @Test
    void aBackendsOwnSettingOverridesTheEnvironment() {
        Map<String, String> env = Map.of("HTTPS_PROXY", HTTPS, "NO_PROXY", "api.example.com");
        URI target = URI.create("https://api.example.com/v1");
        assertThat(ProxySelection.configured(Optional.of("none"), env).proxyFor(target)).isEmpty();
        assertThat(ProxySelection.configured(Optional.of(" NONE "), env).proxyFor(URI.create("https://other.example/"))).isEmpty();
        // Named for this backend: used for every call, NO_PROXY and loopback included.
        ProxySelection own = ProxySelection.configured(Optional.of("http://own.proxy:9000"), env);
        assertThat(own.proxyFor(target).map(Http1Proxy::address)).contains("own.proxy:9000");
        assertThat(own.proxyFor(URI.create("http://127.0.0.1:11434/v1")).map(Http1Proxy::address)).contains("own.proxy:9000");
        assertThat(ProxySelection.configured(Optional.empty(), env).proxyFor(URI.create("https://other.example/")).map(Http1Proxy::address))
                .contains("https-proxy.corp:8080");
    }

    @Test
    void aMalformedProxyVariableNamesTheVariableButNotTheCredentials() {
        assertThatThrownBy(() -> ProxySelection.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://me:secret@sock:1080")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable HTTPS_PROXY").hasMessageContaining("socks5://")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ProxySelection.configured(Optional.of("https://proxy:443"), Map.of()))
                .hasMessageContaining("proxy must be 'none' or an http:// proxy URL");
        assertThatThrownBy(() -> ProxySelection.validateSetting("http://proxy:3128/some/path")).hasMessageContaining("no path");
    }
}
