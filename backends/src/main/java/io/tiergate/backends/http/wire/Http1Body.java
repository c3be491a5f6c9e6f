package io.tiergate.backends.http.wire;

import java.io.IOException;
import java.io.InputStream;

/**
 * A response body over its connection, in one of HTTP/1.1's three framings. {@link #complete()}
 * says whether it was read to its end as framed, which is when the connection may be reused.
 */
abstract sealed class Http1Body extends InputStream {
    final Http1Connection conn;
    boolean complete;

    Http1Body(Http1Connection conn) {
        this.conn = conn;
    }

    boolean complete() {
        return complete;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** Exactly Content-Length bytes. */
    static final class Fixed extends Http1Body {
        final long length;
        private long remaining;

        Fixed(Http1Connection conn, long length) {
            super(conn);
            this.length = length;
            this.remaining = length;
            this.complete = length == 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) return -1;
            int n = conn.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) throw new IOException("the backend closed the connection " + remaining + " bytes before the end of its Content-Length");
            remaining -= n;
            if (remaining == 0) complete = true;
            return n;
        }
    }

    /** Transfer-Encoding: chunked; trailers are read and dropped. */
    static final class Chunked extends Http1Body {
        private long chunkLeft;
        private boolean ended;

        Chunked(Http1Connection conn) {
            super(conn);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) return -1;
            if (len == 0) return 0;
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    while (!conn.readLine().isEmpty()) {
                        // trailer fields: nothing we use
                    }
                    ended = true;
                    complete = true;
                    return -1;
                }
            }
            int n = conn.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) throw new IOException("the backend closed the connection in the middle of a chunk");
            chunkLeft -= n;
            if (chunkLeft == 0) {
                String end = conn.readLine();
                if (!end.isEmpty()) throw new IOException("malformed chunked body: data longer than its chunk size");
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = conn.readLine();
            int semi = line.indexOf(';');
            String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0) throw new NumberFormatException();
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunked body: chunk size '" + hex + "'");
            }
        }
    }

    /** No length and not chunked: the body runs until the server closes; never reusable. */
    static final class UntilClose extends Http1Body {
        UntilClose(Http1Connection conn) {
            super(conn);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return conn.read(b, off, len);
        }

        @Override
        boolean complete() {
            return false;
        }
    }
}
