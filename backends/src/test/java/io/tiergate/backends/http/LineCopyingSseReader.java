package io.tiergate.backends.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The reference for {@link SseReader}: its previous version (as of commit 4c12844), which copied every line
 * byte by byte and every data line again, kept verbatim so SseReaderEquivalenceTest compares against what
 * shipped. Original description follows.
 * Reads Server-Sent Events from a byte stream, one event at a time, as soon as its blank line
 * arrives (no read-ahead beyond what the socket already delivered). Handles LF and CRLF line ends,
 * multi-line data (joined by '\n'), comments and the {@code event:} field; ignores id and retry.
 */
final class LineCopyingSseReader {
    /** One event: its type ("message" when not named) and its data as UTF-8 bytes. */
    record Event(String type, byte[] data) {
        public String dataText() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private int lineLength;

    LineCopyingSseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or empty at the end of the stream (a partial event at the end is dropped). */
    public Optional<Event> next() throws IOException {
        String type = "message";
        byte[] data = null;
        while (readLine()) {
            if (lineLength == 0) {
                if (data != null) return Optional.of(new Event(type, data));
                type = "message";
                continue;
            }
            if (line[0] == ':') continue;
            int colon = indexOf((byte) ':');
            String field = new String(line, 0, colon < 0 ? lineLength : colon, StandardCharsets.US_ASCII);
            int valueStart = colon < 0 ? lineLength : colon + 1;
            if (valueStart < lineLength && line[valueStart] == ' ') valueStart++;
            if (field.equals("data")) {
                byte[] value = Arrays.copyOfRange(line, valueStart, lineLength);
                if (data == null) {
                    data = value;
                } else {
                    byte[] joined = Arrays.copyOf(data, data.length + 1 + value.length);
                    joined[data.length] = '\n';
                    System.arraycopy(value, 0, joined, data.length + 1, value.length);
                    data = joined;
                }
            } else if (field.equals("event")) {
                type = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
            }
        }
        return Optional.empty();
    }

    private int indexOf(byte b) {
        for (int i = 0; i < lineLength; i++) if (line[i] == b) return i;
        return -1;
    }

    /** Reads one line into {@code line} without its terminator; false at end of stream. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n <= 0) return false;
                pos = 0;
                limit = n;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
                return true;
            }
            if (lineLength == line.length) line = Arrays.copyOf(line, line.length * 2);
            line[lineLength++] = b;
        }
    }
}
