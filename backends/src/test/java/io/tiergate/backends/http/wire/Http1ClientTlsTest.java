package io.tiergate.backends.http.wire;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS to a loopback server whose certificate keytool makes for the test (SAN IP 127.0.0.1): the
 * client verifies the certificate chain and the host name, and pools TLS connections too.
 */
class Http1ClientTlsTest {
    @Test
    void trustedCertificateAnswersAndTheTlsConnectionIsReused() throws Exception {
        try (var server = tlsServer(); var client = new Http1Client(Duration.ofSeconds(2), SelfSignedTls.trusting(), 4, Duration.ofSeconds(4))) {
            for (int i = 0; i < 2; i++) {
                try (Http1Response r = client.send("GET", server.httpsUri("/v1/models"), Map.of(), Optional.empty(), a -> { }, 5_000)) {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secure");
                }
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void untrustedCertificateIsRefused() throws Exception {
        try (var server = tlsServer(); var client = Http1Client.withDefaults(Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.send("GET", server.httpsUri("/v1/models"), Map.of(), Optional.empty(), a -> { }, 5_000))
                    .isInstanceOf(IOException.class).hasMessageContaining("PKIX");
        }
    }

    private static RawHttpServer tlsServer() throws Exception {
        return SelfSignedTls.server((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure");
        });
    }
}
