package io.tiergate.backends.http.wire;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The client through the test {@link ForwardProxy}: absolute-form http, CONNECT tunnels for https, refusals. */
class Http1ClientProxyTest {
    private static final String BASIC_USER_PASS = "Basic dXNlcjpwYXNz"; // base64("user:pass")

    @Test
    void plainHttpGoesToTheProxyInAbsoluteFormWithItsCredentialsAndTheConnectionIsReused() throws Exception {
        try (var upstream = answering("hello"); var proxy = new ForwardProxy().requireAuthorization(BASIC_USER_PASS);
             var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            int port = upstream.uri("/").getPort();
            URI target = URI.create("http://upstream.example.test:" + port + "/v1/models?x=1");
            Http1Proxy via = Http1Proxy.parse("http://user:pass@127.0.0.1:" + proxy.proxy().port());
            for (int i = 0; i < 2; i++) assertThat(get(client, target, via)).isEqualTo("hello");
            assertThat(proxy.heads().getFirst()).startsWith("GET http://upstream.example.test:" + port + "/v1/models?x=1 HTTP/1.1\r\n")
                    .contains("\r\nHost: upstream.example.test:" + port + "\r\n")
                    .contains("\r\nProxy-Authorization: " + BASIC_USER_PASS + "\r\n");
            assertThat(upstream.heads().getFirst()).startsWith("GET /v1/models?x=1 HTTP/1.1\r\n");
            assertThat(proxy.connections()).isEqualTo(1);
            assertThat(proxy.heads()).hasSize(2);
        }
    }

    @Test
    void httpsGoesThroughAConnectTunnelWithTlsInsideAndTheTunnelIsReused() throws Exception {
        try (var upstream = SelfSignedTls.server((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure");
        }); var proxy = new ForwardProxy().requireAuthorization(BASIC_USER_PASS);
             var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            URI target = upstream.httpsUri("/v1/models");
            Http1Proxy via = Http1Proxy.parse("http://user:pass@127.0.0.1:" + proxy.proxy().port());
            for (int i = 0; i < 2; i++) assertThat(get(client, target, via)).isEqualTo("secure");
            assertThat(proxy.heads()).hasSize(1);
            assertThat(proxy.heads().getFirst()).startsWith("CONNECT 127.0.0.1:" + target.getPort() + " HTTP/1.1\r\n")
                    .contains("\r\nHost: 127.0.0.1:" + target.getPort() + "\r\n")
                    .contains("\r\nProxy-Authorization: " + BASIC_USER_PASS + "\r\n");
            // Inside the tunnel the request is in origin form, as to any HTTPS server.
            assertThat(upstream.heads().getFirst()).startsWith("GET /v1/models HTTP/1.1\r\n").doesNotContain("Proxy-Authorization");
            assertThat(proxy.connections()).isEqualTo(1);
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void connectWithoutCredentialsIsRefusedWith407NamingTheProxy() throws Exception {
        try (var proxy = new ForwardProxy().requireAuthorization(BASIC_USER_PASS);
             var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            URI target = URI.create("https://api.example.test/v1/models");
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> get(client, target, proxy.proxy()))
                            .isInstanceOfSatisfying(ProxyRefusedException.class, e -> assertThat(e.status()).isEqualTo(407))
                            .hasMessageContaining("proxy " + proxy.proxy().address())
                            .hasMessageContaining("CONNECT api.example.test:443")
                            .hasMessageContaining("HTTP 407")
                            .hasMessageContaining("user:password in the proxy URL"));
        }
    }

    @Test
    void aProxiedPlainHttpRequestAnswered407IsARefusalNotAnUpstreamAnswer() throws Exception {
        try (var proxy = new ForwardProxy().requireAuthorization(BASIC_USER_PASS);
             var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            Http1Proxy wrong = Http1Proxy.parse("http://user:wrong@127.0.0.1:" + proxy.proxy().port());
            assertThatThrownBy(() -> get(client, URI.create("http://api.example.test/v1/models"), wrong))
                    .isInstanceOf(ProxyRefusedException.class)
                    .hasMessageContaining("proxy 127.0.0.1:" + proxy.proxy().port() + " refused GET http://api.example.test:80 with HTTP 407")
                    .hasMessageNotContaining("wrong");
        }
    }

    @Test
    void connectRefusedByPolicyOrUnreachableTargetSaysWhich() throws Exception {
        for (int status : new int[] {403, 502}) {
            try (var proxy = new ForwardProxy().refuseConnectWith(status);
                 var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
                assertThatThrownBy(() -> get(client, URI.create("https://api.example.test:8443/v1/models"), proxy.proxy()))
                        .isInstanceOf(ProxyRefusedException.class)
                        .hasMessageContaining("CONNECT api.example.test:8443 with HTTP " + status)
                        .hasMessageContaining(status == 403 ? "policy forbids" : "could not reach the destination");
            }
        }
    }

    @Test
    void aProxyThatNeverAnswersConnectIsAConnectTimeout() throws Exception {
        try (var proxy = new ForwardProxy().silent();
             var client = new Http1Client(Duration.ofMillis(300), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> get(client, URI.create("https://api.example.test/v1/models"), proxy.proxy()))
                            .isInstanceOf(SocketTimeoutException.class)
                            .hasMessageContaining("connect timed out: proxy " + proxy.proxy().address()));
        }
    }

    @Test
    void anUnreachableProxyIsNamedInTheConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            assertThatThrownBy(() -> get(client, URI.create("http://api.example.test/v1/models"), Http1Proxy.parse("127.0.0.1:" + closedPort)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("cannot reach proxy 127.0.0.1:" + closedPort);
        }
    }

    @Test
    void tunnelsArePooledPerTargetAndNeverMixedWithDirectConnections() throws Exception {
        try (var a = SelfSignedTls.server((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA");
        }); var b = SelfSignedTls.server((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB");
        }); var proxy = new ForwardProxy();
             var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            assertThat(get(client, a.httpsUri("/"), Optional.empty())).isEqualTo("A");
            for (int i = 0; i < 2; i++) {
                assertThat(get(client, a.httpsUri("/"), proxy.proxy())).isEqualTo("A");
                assertThat(get(client, b.httpsUri("/"), proxy.proxy())).isEqualTo("B");
            }
            assertThat(get(client, a.httpsUri("/"), Optional.empty())).isEqualTo("A");
            assertThat(proxy.connections()).as("one tunnel per target").isEqualTo(2);
            assertThat(a.connections()).as("one direct connection and one tunnelled").isEqualTo(2);
            assertThat(b.connections()).isEqualTo(1);
        }
    }

    private static RawHttpServer answering(String body) throws IOException {
        return new RawHttpServer((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        });
    }

    private static String get(Http1Client client, URI target, Http1Proxy via) throws IOException {
        return get(client, target, Optional.of(via));
    }

    private static String get(Http1Client client, URI target, Optional<Http1Proxy> via) throws IOException {
        try (Http1Response r = client.send("GET", target, Map.of(), Optional.empty(), a -> { }, 5_000, via)) {
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
