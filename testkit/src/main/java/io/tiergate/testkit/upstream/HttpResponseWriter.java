package io.tiergate.testkit.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes one HTTP/1.1 response on a raw socket: whole ({@link #respond}), chunked for SSE
 * ({@link #startChunked}, {@link #chunk}, {@link #finish}), or faulty ({@link #drop}, {@link #stall}).
 */
public final class HttpResponseWriter {
    private final Socket socket;
    private final OutputStream out;
    private boolean reusable = true;

    HttpResponseWriter(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    public void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = statusLine(status, headers);
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(LoopbackHttpServer.ascii(head.toString()));
        out.write(body);
        out.flush();
    }

    public void startChunked(int status, Map<String, String> headers) throws IOException {
        StringBuilder head = statusLine(status, headers);
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.write(LoopbackHttpServer.ascii(head.toString()));
        out.flush();
    }

    /** Sends one chunk and flushes it; throws when the client has gone. */
    public void chunk(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        out.write(LoopbackHttpServer.ascii(Integer.toHexString(data.length) + "\r\n"));
        out.write(data);
        out.write(LoopbackHttpServer.ascii("\r\n"));
        out.flush();
    }

    public void finish() throws IOException {
        out.write(LoopbackHttpServer.ascii("0\r\n\r\n"));
        out.flush();
    }

    /** Resets the connection (TCP RST): the client sees the stream die mid-way. */
    public void drop() throws IOException {
        reusable = false;
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Stops writing without closing, until the server closes or the client hangs up. */
    public void stall() throws InterruptedException {
        reusable = false;
        try {
            while (socket.getInputStream().read() != -1) {
                // discard anything the client sends; return when it closes
            }
        } catch (IOException e) {
            // client or server closed the socket
        }
    }

    boolean reusable() {
        return reusable;
    }

    private static StringBuilder statusLine(int status, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 529 -> "Overloaded";
            default -> "Status";
        };
    }
}
