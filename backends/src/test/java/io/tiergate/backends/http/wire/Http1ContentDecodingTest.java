package io.tiergate.backends.http.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compressed response bodies: decoded whatever their framing, the connection still reused; unknown codings refused. */
class Http1ContentDecodingTest {
    private static final String JSON = "{\"choices\":[{\"message\":{\"content\":\"" + "compressible ".repeat(200) + "\"}}]}";
    private final Http1Client client = new Http1Client(Duration.ofSeconds(2), defaultTls(), 8, Duration.ofSeconds(4));

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void gzipWithContentLengthIsDecodedAndTheConnectionReused() throws Exception {
        byte[] gz = gzip(JSON);
        try (var server = serving("Content-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n", gz)) {
            for (int i = 0; i < 2; i++) {
                try (Http1Response r = get(server.uri("/"))) {
                    assertThat(r.contentLength()).as("the decoded length is unknown").isEmpty();
                    assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(JSON);
                }
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void chunkedGzipIsDecodedAndItsTerminatorReadSoTheConnectionIsReused() throws Exception {
        byte[] gz = gzip(JSON);
        int half = gz.length / 2;
        byte[] chunked = concat(ascii(Integer.toHexString(half) + "\r\n"), Arrays.copyOfRange(gz, 0, half),
                ascii("\r\n" + Integer.toHexString(gz.length - half) + "\r\n"), Arrays.copyOfRange(gz, half, gz.length), ascii("\r\n0\r\n\r\n"));
        try (var server = serving("Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked)) {
            for (int i = 0; i < 2; i++) {
                try (Http1Response r = get(server.uri("/"))) {
                    assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(JSON);
                }
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void deflateIsDecodedZlibWrappedOrRaw() throws Exception {
        for (boolean raw : new boolean[] {false, true}) {
            byte[] body = deflate(JSON, raw);
            try (var server = serving("Content-Encoding: deflate\r\nContent-Length: " + body.length + "\r\n", body);
                 Http1Response r = get(server.uri("/"))) {
                assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).as(raw ? "raw deflate" : "zlib").isEqualTo(JSON);
            }
        }
    }

    @Test
    void identityAndAnEmptyCompressedBodyAreLeftAlone() throws Exception {
        try (var server = serving("Content-Encoding: identity\r\nContent-Length: 2\r\n", ascii("{}"));
             Http1Response r = get(server.uri("/"))) {
            assertThat(r.contentLength()).hasValue(2);
            assertThat(r.body().readAllBytes()).isEqualTo(ascii("{}"));
        }
        try (var server = serving("Content-Encoding: gzip\r\nContent-Length: 0\r\n", new byte[0]);
             Http1Response r = get(server.uri("/"))) {
            assertThat(r.body().readAllBytes()).isEmpty();
        }
    }

    @Test
    void anUnknownEncodingFailsTheFirstReadNamingIt() throws Exception {
        try (var server = serving("Content-Encoding: br\r\nContent-Length: 4\r\n", ascii("\u000b\u0002\u0080{"));
             Http1Response r = get(server.uri("/"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(ContentEncodingException.class)
                    .hasMessageContaining("Content-Encoding 'br'").hasMessageContaining("only gzip and deflate");
        }
    }

    @Test
    void aCorruptGzipBodyIsAnEncodingError() throws Exception {
        byte[] gz = gzip(JSON);
        for (int i = 20; i < 40; i++) gz[i] ^= 0x5a; // inside the deflate data, past the 10-byte header
        try (var server = serving("Content-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n", gz);
             Http1Response r = get(server.uri("/"))) {
            assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(ContentEncodingException.class)
                    .hasMessageContaining("gzip response body is corrupt");
        }
    }

    @Test
    void aBodyThatDecodesPastTheCapIsRefusedNotReadIntoTheHeap() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written <= Http1ContentDecoding.MAX_DECODED; written += zeros.length) gz.write(zeros);
        }
        byte[] bomb = out.toByteArray(); // ~65 KB that decode to 65 MiB
        assertThat(bomb.length).isLessThan(1 << 20);
        try (var server = serving("Content-Encoding: gzip\r\nContent-Length: " + bomb.length + "\r\n", bomb);
             Http1Response r = get(server.uri("/"))) {
            assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(ContentEncodingException.class)
                    .hasMessageContaining("decodes to more than 64 MiB");
        }
    }

    private Http1Response get(URI uri) throws IOException {
        return client.send("GET", uri, Map.of(), Optional.empty(), a -> { }, 5_000);
    }

    private static RawHttpServer serving(String fields, byte[] body) throws IOException {
        byte[] answer = concat(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + fields + "\r\n"), body);
        return new RawHttpServer((n, x) -> {
            while (x.readRequest()) x.write(answer);
        });
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] deflate(String text, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
