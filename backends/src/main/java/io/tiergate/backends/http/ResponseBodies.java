package io.tiergate.backends.http;

import io.tiergate.backends.http.wire.Http1Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Reads a whole response body. With a Content-Length it allocates exactly that many bytes;
 * {@code InputStream.readAllBytes} would take 16 KiB for every small JSON answer (it was half of the
 * gateway's allocation per request).
 */
public final class ResponseBodies {
    private static final int MAX_EXACT = 64 * 1024 * 1024;

    private ResponseBodies() {}

    public static byte[] read(Http1Response response) throws IOException {
        InputStream in = response.body();
        OptionalLong length = response.contentLength();
        if (length.isPresent() && length.getAsLong() >= 0 && length.getAsLong() <= MAX_EXACT) {
            byte[] body = in.readNBytes((int) length.getAsLong());
            // Read to the end: only an entity read to EOF lets the client reuse the connection.
            if (in.read() != -1) throw new IOException("response body longer than its Content-Length");
            return body;
        }
        return in.readAllBytes();
    }
}
