package io.tiergate.testkit.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on raw sockets, bound to 127.0.0.1 on a free port. Raw sockets (rather
 * than com.sun.net.httpserver) because fault injection needs what a real server never does on
 * purpose: reset a connection mid-response, or stop writing without closing. Keep-alive, request
 * bodies by Content-Length or chunked; responses by Content-Length or chunked (for SSE).
 * One virtual thread per connection.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** Answers one request; must either respond, stream and finish, drop, or stall on {@code response}. */
    @FunctionalInterface
    public interface Handler {
        void handle(RecordedRequest request, HttpResponseWriter response) throws IOException, InterruptedException;
    }

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public LoopbackHttpServer(Handler handler) {
        this.handler = handler;
        try {
            serverSocket = new ServerSocket();
            serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
        Thread.ofVirtual().name("loopback-http-accept-" + port()).start(this::acceptLoop);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** http://127.0.0.1:port (no trailing slash). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** TCP connections accepted so far. */
    public int connectionCount() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            while (!closed) {
                RecordedRequest request = readRequest(in);
                if (request == null) return;
                HttpResponseWriter writer = new HttpResponseWriter(socket);
                handler.handle(request, writer);
                if (!writer.reusable() || "close".equalsIgnoreCase(request.header("connection").orElse(""))) return;
            }
        } catch (IOException | InterruptedException e) {
            // the peer went away or the server is closing: nothing to answer
        } finally {
            open.remove(socket);
        }
    }

    private static RecordedRequest readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) return null;
        String[] parts = requestLine.split(" ");
        if (parts.length < 2) throw new IOException("bad request line: " + requestLine);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = readChunkedBody(in);
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = in.readNBytes(length);
        }
        return new RecordedRequest(parts[0], parts[1], headers, body);
    }

    private static byte[] readChunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) throw new IOException("chunked body ended early");
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) return out.toByteArray();
                }
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
    }

    /** One CRLF- (or LF-) terminated ISO-8859-1 line without its terminator; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
