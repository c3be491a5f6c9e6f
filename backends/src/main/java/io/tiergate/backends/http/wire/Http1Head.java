package io.tiergate.backends.http.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a response's status line and header fields, and decides how its body is framed. */
final class Http1Head {
    private static final int MAX_FIELDS = 256;

    final String version;
    final int status;
    final List<String[]> headers;

    private Http1Head(String version, int status, List<String[]> headers) {
        this.version = version;
        this.status = status;
        this.headers = headers;
    }

    /** The final head: interim 1xx answers (other than 101) are read and skipped. */
    static Http1Head read(Http1Connection conn) throws IOException {
        while (true) {
            Http1Head head = readOne(conn);
            if (head.status >= 200 || head.status == 101) return head;
        }
    }

    private static Http1Head readOne(Http1Connection conn) throws IOException {
        String line = conn.readLine();
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: '" + abbreviate(line) + "'");
        }
        int status;
        try {
            status = Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status code in '" + abbreviate(line) + "'");
        }
        List<String[]> headers = new ArrayList<>(12);
        String field;
        while (!(field = conn.readLine()).isEmpty()) {
            int colon = field.indexOf(':');
            if (colon <= 0) throw new IOException("malformed header field: '" + abbreviate(field) + "'");
            if (headers.size() == MAX_FIELDS) throw new IOException("more than " + MAX_FIELDS + " header fields");
            headers.add(new String[] {field.substring(0, colon).trim(), field.substring(colon + 1).trim()});
        }
        return new Http1Head(line.substring(0, 8), status, headers);
    }

    Http1Body body(Http1Connection conn, String method) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) return new Http1Body.Fixed(conn, 0);
        String te = first("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) return new Http1Body.Chunked(conn);
        if (first("content-length") != null) {
            long length = contentLength(headers);
            if (length < 0) throw new IOException("invalid Content-Length '" + first("content-length") + "'");
            return new Http1Body.Fixed(conn, length);
        }
        return new Http1Body.UntilClose(conn);
    }

    /** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when asked to keep it. */
    boolean keepAlive() {
        String connection = first("connection");
        String c = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        return version.equals("HTTP/1.1") ? !c.contains("close") : c.contains("keep-alive");
    }

    private static long contentLength(List<String[]> headers) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("content-length")) {
                try {
                    return Long.parseLong(h[1]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The first value of a header field, matched without regard to case. */
    java.util.Optional<String> field(String name) {
        return java.util.Optional.ofNullable(first(name));
    }

    private String first(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) return h[1];
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
