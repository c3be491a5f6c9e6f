package io.tiergate.backends.http.wire;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
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
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore keys;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as("keytool: " + out).isZero();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
    }

    @Test
    void trustedCertificateAnswersAndTheTlsConnectionIsReused() throws Exception {
        try (var server = tlsServer(); var client = new Http1Client(Duration.ofSeconds(2), trusting(), 4, Duration.ofSeconds(4))) {
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
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket listening = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new RawHttpServer(listening, (n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure");
        });
    }

    private static SSLContext trusting() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
