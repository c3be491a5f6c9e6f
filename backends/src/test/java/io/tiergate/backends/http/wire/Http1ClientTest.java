package io.tiergate.backends.http.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The upstream HTTP/1.1 client against a server that writes exactly the scripted bytes. */
class Http1ClientTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private final Http1Client client = new Http1Client(Duration.ofSeconds(2), defaultTls(), 8, Duration.ofSeconds(4));

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void contentLengthAnswersReuseOneConnectionAndTheRequestIsWellFormed() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        })) {
            for (int i = 0; i < 3; i++) assertThat(post(server.uri("/v1/chat?x=1"))).isEqualTo("hello");
            assertThat(server.connections()).isEqualTo(1);
            String head = server.heads().getFirst();
            assertThat(head).startsWith("POST /v1/chat?x=1 HTTP/1.1\r\n")
                    .contains("Host: 127.0.0.1:" + server.uri("/").getPort() + "\r\n")
                    .contains("Content-Type: application/json\r\n")
                    .contains("Content-Length: 2\r\n");
        }
    }

    @Test
    void chunkedAnswerWithExtensionsAndTrailersIsJoinedAndTheConnectionReused() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            while (x.readRequest()) {
                x.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            }
        })) {
            assertThat(post(server.uri("/"))).isEqualTo("hello world");
            assertThat(post(server.uri("/"))).isEqualTo("hello world");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void answerThatRunsUntilCloseIsReadWholeAndItsConnectionNotReused() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbye " + n);
        })) {
            assertThat(post(server.uri("/"))).isEqualTo("bye 0");
            assertThat(post(server.uri("/"))).isEqualTo("bye 1");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void pooledConnectionTheServerClosedIsRetriedOnceOnANewOne() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + n);
            // Connection n == 0 ends here without "Connection: close": the client pools a dead socket.
            if (n > 0) while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + n);
        })) {
            assertThat(post(server.uri("/"))).isEqualTo("0");
            Thread.sleep(100); // the server's FIN reaches the pooled socket
            assertThat(post(server.uri("/"))).isEqualTo("1");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void abortFromAnotherThreadEndsACallTheServerNeverAnswers() throws Exception {
        CountDownLatch requestSeen = new CountDownLatch(1);
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            requestSeen.countDown();
            x.socket.getInputStream().read(); // silent until the client goes away
        })) {
            AtomicReference<Runnable> abort = new AtomicReference<>();
            CompletableFuture.runAsync(() -> {
                try {
                    requestSeen.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                abort.get().run();
            });
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> client.send("POST", server.uri("/"), JSON, Optional.of(new byte[] {'{', '}'}), abort::set, 0))
                            .isInstanceOf(IOException.class));
        }
    }

    @Test
    void interimAnswersAreSkipped() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        })) {
            try (Http1Response r = client.send("POST", server.uri("/"), JSON, Optional.of(new byte[0]), a -> { }, 0)) {
                assertThat(r.status()).isEqualTo(201);
                assertThat(r.header("CONTENT-length")).contains("2");
                assertThat(r.contentLength()).hasValue(2);
                assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
            }
        }
    }

    @Test
    void somethingThatIsNotHttpIsAClearError() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("SSH-2.0-OpenSSH_9.6\r\n\r\n");
        })) {
            assertThatThrownBy(() -> post(server.uri("/"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("not an HTTP/1.x status line: 'SSH-2.0-OpenSSH_9.6'");
        }
    }

    @Test
    void headerFieldWithoutAColonIsAClearError() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 0\r\n\r\n");
        })) {
            assertThatThrownBy(() -> post(server.uri("/"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("malformed header field: 'no colon here'");
        }
    }

    @Test
    void contentLengthThatIsNotANumberIsAClearError() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n0123456789");
        })) {
            assertThatThrownBy(() -> post(server.uri("/"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("invalid Content-Length 'ten'");
        }
    }

    @Test
    void malformedChunkSizeIsAClearError() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        })) {
            assertThatThrownBy(() -> post(server.uri("/"))).isInstanceOf(IOException.class).hasMessageContaining("chunk size 'zz'");
        }
    }

    @Test
    void bodyShorterThanItsContentLengthIsAnError() throws Exception {
        try (var server = new RawHttpServer((n, x) -> {
            x.readRequest();
            x.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        })) {
            assertThatThrownBy(() -> post(server.uri("/"))).isInstanceOf(IOException.class).hasMessageContaining("7 bytes before the end");
        }
    }

    @Test
    void closingAResponseBeforeItsEndClosesItsConnection() throws Exception {
        CountDownLatch clientLeft = new CountDownLatch(1);
        try (var server = new RawHttpServer((n, x) -> {
            if (n == 0) {
                x.readRequest();
                x.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
                if (x.socket.getInputStream().read() == -1) clientLeft.countDown();
                return;
            }
            while (x.readRequest()) x.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
        })) {
            try (Http1Response r = client.send("POST", server.uri("/"), JSON, Optional.of(new byte[0]), a -> { }, 0)) {
                assertThat(new String(r.body().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");
            }
            assertThat(clientLeft.await(5, TimeUnit.SECONDS)).as("the server saw the connection close").isTrue();
            assertThat(post(server.uri("/"))).isEqualTo("next");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void refusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> post(URI.create("http://127.0.0.1:" + port + "/"))).isInstanceOf(ConnectException.class);
    }

    @Test
    void headerValuesWithLineBreaksAndOtherSchemesAreRefused() {
        URI uri = URI.create("http://127.0.0.1:1/");
        assertThatThrownBy(() -> client.send("POST", uri, Map.of("X-Evil", "a\r\nInjected: 1"), Optional.empty(), a -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Evil");
        assertThatThrownBy(() -> client.send("GET", URI.create("ftp://127.0.0.1/x"), Map.of(), Optional.empty(), a -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only http and https");
    }

    private String post(URI uri) throws IOException {
        try (Http1Response r = client.send("POST", uri, JSON, Optional.of(new byte[] {'{', '}'}), a -> { }, 0)) {
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
