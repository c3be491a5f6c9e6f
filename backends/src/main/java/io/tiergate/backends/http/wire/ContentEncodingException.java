package io.tiergate.backends.http.wire;

import java.io.IOException;

/**
 * A response body in a Content-Encoding we cannot decode (anything but gzip and deflate), or a
 * compressed body that is corrupt: the upstream broke HTTP, it is not a network fault.
 */
public final class ContentEncodingException extends IOException {
    ContentEncodingException(String message) {
        super(message);
    }

    ContentEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
