package io.tiergate.backends.http.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One socket to one upstream with its own read buffer. Response heads and bodies read through
 * {@link #read}, so bytes the socket delivered together (head and first body bytes, or several
 * SSE events) are never lost between readers. Only one call uses a connection at a time.
 */
final class Http1Connection {
    private static final int LINE_LIMIT = 64 * 1024; // longest status, header or chunk-size line, bytes

    final String origin;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** When it last went back to the pool, System.nanoTime(). */
    long idleSinceNanos;
    /** Runs before every socket read (which may block): the reader's chance to flush what it holds. */
    private Runnable beforeSocketRead = () -> { };

    Http1Connection(String origin, Socket socket) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sets the socket read timeout (0 = none): only health probes use one; calls are bounded by Deadlines. */
    void readTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** One byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (pos == limit && !fill()) return -1;
        return buf[pos++] & 0xff;
    }

    /** Up to {@code len} bytes: buffered ones first, else one socket read; -1 at the end of the stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos == limit) {
            if (len >= buf.length) { // large reads skip the copy
                beforeSocketRead.run();
                return in.read(b, off, len);
            }
            if (!fill()) return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** A line without its CRLF or LF, as Latin-1 (HTTP heads are ASCII); EOFException at the end of the stream. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (pos == limit && !fill()) throw new EOFException("the connection closed in the middle of a line");
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            int end = pos;
            boolean complete = pos < limit;
            if (complete) pos++;
            if (line == null && complete) {
                int e = end > start && buf[end - 1] == '\r' ? end - 1 : end;
                return new String(buf, start, e - start, StandardCharsets.ISO_8859_1);
            }
            if (line == null) line = new StringBuilder();
            line.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
            if (line.length() > LINE_LIMIT) throw new IOException("a response line is longer than " + LINE_LIMIT + " bytes");
            if (complete) {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                return line.toString();
            }
        }
    }

    /** Whether read-ahead bytes are left over (a pooled connection must have none). */
    boolean hasBufferedBytes() {
        return pos < limit;
    }

    boolean isOpen() {
        return !closed.get() && !socket.isClosed();
    }

    /** Closes the socket; safe from any thread and more than once (a deadline may close it under a blocked read). */
    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is the goal; a failure to close leaves nothing to do.
            }
        }
    }

    void beforeSocketRead(Runnable hook) {
        beforeSocketRead = hook;
    }

    private boolean fill() throws IOException {
        beforeSocketRead.run();
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        pos = 0;
        limit = n;
        return true;
    }
}
