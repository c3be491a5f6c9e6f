package io.tiergate.backends.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads Server-Sent Events from a byte stream, one event at a time, as soon as its blank line
 * arrives (no read-ahead beyond what the socket already delivered). Handles LF and CRLF line ends,
 * multi-line data (joined by '\n'), comments and the {@code event:} field; ignores id and retry.
 * Per event it allocates the data array and the Event, little else: a line that arrived whole is read
 * where it lies in the read buffer, field names are compared as bytes, a single data line is copied
 * once, and a repeated event type reuses its String.
 */
public final class SseReader {
    /** One event: its type ("message" when not named) and its data as UTF-8 bytes. */
    public record Event(String type, byte[] data) {
        public String dataText() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final String MESSAGE = "message";
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] NEWLINE = {'\n'};

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    /** The current line, without its terminator: in buf when it arrived whole, else in spill. */
    private byte[] line;
    private int lineStart;
    private int lineLength;
    /** A line that spans reads, gathered. */
    private byte[] spill = new byte[1024];
    /** The data of an event with more than one data line, joined by '\n'. */
    private byte[] joined = new byte[1024];
    private int joinedLength;
    private String lastType = MESSAGE;
    private byte[] lastTypeBytes = MESSAGE.getBytes(StandardCharsets.UTF_8);

    public SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or empty at the end of the stream (a partial event at the end is dropped). */
    public Optional<Event> next() throws IOException {
        String type = MESSAGE;
        byte[] firstData = null;
        int dataLines = 0;
        while (readLine()) {
            byte[] l = line;
            int start = lineStart;
            int length = lineLength;
            if (length == 0) {
                if (dataLines == 1) return Optional.of(new Event(type, firstData));
                if (dataLines > 1) return Optional.of(new Event(type, Arrays.copyOf(joined, joinedLength)));
                type = MESSAGE;
                continue;
            }
            if (l[start] == ':') continue;
            int colon = indexOf(l, start, length, (byte) ':');
            int fieldLength = colon < 0 ? length : colon;
            int valueStart = colon < 0 ? length : colon + 1;
            if (valueStart < length && l[start + valueStart] == ' ') valueStart++;
            int from = start + valueStart;
            int to = start + length;
            if (isField(l, start, fieldLength, DATA)) {
                if (dataLines == 0) {
                    firstData = Arrays.copyOfRange(l, from, to);
                } else {
                    if (dataLines == 1) {
                        joinedLength = 0;
                        join(firstData, 0, firstData.length);
                    }
                    join(NEWLINE, 0, 1);
                    join(l, from, to - from);
                }
                dataLines++;
            } else if (isField(l, start, fieldLength, EVENT)) {
                type = type(l, from, to);
            }
        }
        return Optional.empty();
    }

    private static int indexOf(byte[] b, int start, int length, byte wanted) {
        for (int i = 0; i < length; i++) if (b[start + i] == wanted) return i;
        return -1;
    }

    private static boolean isField(byte[] b, int start, int length, byte[] name) {
        return length == name.length && Arrays.equals(b, start, start + length, name, 0, name.length);
    }

    /** The event type's String, the previous one again when the bytes repeat (Anthropic names every event). */
    private String type(byte[] b, int from, int to) {
        if (!Arrays.equals(b, from, to, lastTypeBytes, 0, lastTypeBytes.length)) {
            lastTypeBytes = Arrays.copyOfRange(b, from, to);
            lastType = new String(lastTypeBytes, StandardCharsets.UTF_8);
        }
        return lastType;
    }

    private void join(byte[] b, int from, int length) {
        if (joinedLength + length > joined.length) joined = Arrays.copyOf(joined, Math.max(joined.length * 2, joinedLength + length));
        System.arraycopy(b, from, joined, joinedLength, length);
        joinedLength += length;
    }

    /** Finds the next line and points {@code line} at it, without its terminator; false at end of stream. */
    private boolean readLine() throws IOException {
        int spilled = 0;
        while (true) {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n <= 0) return false;
                pos = 0;
                limit = n;
            }
            int newline = indexOf(buf, pos, limit - pos, (byte) '\n');
            int end = newline < 0 ? limit : pos + newline;
            if (newline >= 0 && spilled == 0) {
                line = buf;
                lineStart = pos;
                lineLength = end - pos;
            } else {
                if (spilled + (end - pos) > spill.length) spill = Arrays.copyOf(spill, Math.max(spill.length * 2, spilled + end - pos));
                System.arraycopy(buf, pos, spill, spilled, end - pos);
                spilled += end - pos;
                if (newline < 0) {
                    pos = limit;
                    continue;
                }
                line = spill;
                lineStart = 0;
                lineLength = spilled;
            }
            pos = end + 1;
            if (lineLength > 0 && line[lineStart + lineLength - 1] == '\r') lineLength--;
            return true;
        }
    }
}
