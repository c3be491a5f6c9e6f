package io.tiergate.backends.http.wire;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proxy URLs as people write them in HTTPS_PROXY or a backend's proxy: key. */
class Http1ProxyTest {
    @Test
    void credentialsBecomeABasicProxyAuthorizationAndNeverShowInItsText() {
        Http1Proxy p = Http1Proxy.parse("http://user:pass@proxy.corp:3128");
        assertThat(p.host()).isEqualTo("proxy.corp");
        assertThat(p.port()).isEqualTo(3128);
        assertThat(p.authorization()).contains("Basic dXNlcjpwYXNz"); // base64("user:pass")
        assertThat(p.toString()).isEqualTo("http://proxy.corp:3128 (with credentials)").doesNotContain("pass");
    }

    @Test
    void percentEncodedCredentialsAreDecodedFirst() {
        // user "dom\ain", password "p@ss:w+rd"
        Http1Proxy p = Http1Proxy.parse("http://dom%5Cain:p%40ss%3Aw+rd@proxy:8080/");
        assertThat(p.authorization()).contains("Basic " + java.util.Base64.getEncoder()
                .encodeToString("dom\\ain:p@ss:w+rd".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(Http1Proxy.parse("http://onlyuser@proxy:8080").authorization())
                .contains("Basic " + java.util.Base64.getEncoder().encodeToString("onlyuser:".getBytes()));
    }

    @Test
    void aBareHostPortIsHttpAndAMissingPortIsCurlsDefault() {
        assertThat(Http1Proxy.parse("proxy.corp:3128")).isEqualTo(new Http1Proxy("proxy.corp", 3128, Optional.empty()));
        assertThat(Http1Proxy.parse("HTTP://Proxy.Corp").address()).isEqualTo("proxy.corp:1080");
        assertThat(Http1Proxy.parse("http://[fd00::1]:3128").address()).isEqualTo("[fd00::1]:3128");
    }

    @Test
    void otherSchemesAndPathsAreRefusedWithoutEchoingCredentials() {
        assertThatThrownBy(() -> Http1Proxy.parse("https://u:secret@proxy:443")).hasMessageContaining("only http:// proxies")
                .hasMessageContaining("https://***@proxy:443").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Http1Proxy.parse("socks5h://proxy:1080")).hasMessageContaining("SOCKS");
        assertThatThrownBy(() -> Http1Proxy.parse("http://proxy:3128/pac?x")).hasMessageContaining("no path or query");
        assertThatThrownBy(() -> Http1Proxy.parse("http://:3128")).hasMessageContaining("no host");
    }
}
