package io.tiergate.backends.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A tiny HTTP forward proxy on a loopback port, for tests: it opens CONNECT tunnels and forwards
 * absolute-form requests (rewritten to origin form), and keeps every request head it read (CONNECTs
 * and forwarded requests, as the client sent them). Every target, whatever its name, is reached at
 * 127.0.0.1 on the target's port, so tests can use names that resolve nowhere. It can demand
 * credentials (407), refuse every CONNECT with a status, or never answer.
 */
final class ForwardProxy implements AutoCloseable {
    private final RawHttpServer server;
    private volatile Optional<String> requiredAuthorization = Optional.empty();
    private volatile int refuseWith;
    private volatile boolean silent;

    ForwardProxy() throws IOException {
        server = new RawHttpServer((n, x) -> serve(x));
    }

    /** Answers 407 unless Proxy-Authorization is exactly this value. */
    ForwardProxy requireAuthorization(String value) {
        requiredAuthorization = Optional.of(value);
        return this;
    }

    /** Answers every CONNECT with this status. */
    ForwardProxy refuseConnectWith(int status) {
        refuseWith = status;
        return this;
    }

    /** Reads requests and never answers. */
    ForwardProxy silent() {
        silent = true;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.uri("/").getPort();
    }

    Http1Proxy proxy() {
        return Http1Proxy.parse(url());
    }

    int connections() {
        return server.connections();
    }

    List<String> heads() {
        return server.heads();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serve(RawHttpServer.Exchange x) throws IOException {
        if (!x.readRequest()) return;
        String head = x.lastHead();
        String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
        if (silent) {
            x.socket.getInputStream().read(); // until the client gives up
            return;
        }
        if (requiredAuthorization.isPresent() && !head.contains("\r\nProxy-Authorization: " + requiredAuthorization.get() + "\r\n")) {
            x.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        if (requestLine[0].equals("CONNECT")) {
            if (refuseWith != 0) {
                x.write("HTTP/1.1 " + refuseWith + " Refused\r\nContent-Length: 5\r\n\r\nnope!");
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(requestLine[1].substring(requestLine[1].lastIndexOf(':') + 1)))) {
                x.write("HTTP/1.1 200 Connection established\r\n\r\n");
                Thread.ofPlatform().daemon(true).start(() -> pipe(upstream, x.socket));
                pipe(x.socket, upstream);
            }
            return;
        }
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), URI.create(requestLine[1]).getPort())) {
            Thread.ofPlatform().daemon(true).start(() -> pipe(upstream, x.socket));
            // Each request of the connection goes on with an origin-form target, as a real proxy sends it.
            do {
                forward(x.lastHead(), x.lastBody(), upstream.getOutputStream());
            } while (x.readRequest());
        }
    }

    private static void forward(String head, byte[] body, OutputStream upstream) throws IOException {
        int sp1 = head.indexOf(' ');
        int sp2 = head.indexOf(' ', sp1 + 1);
        URI target = URI.create(head.substring(sp1 + 1, sp2));
        String originForm = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        upstream.write((head.substring(0, sp1 + 1) + originForm + head.substring(sp2)).getBytes(StandardCharsets.ISO_8859_1));
        upstream.write(body);
        upstream.flush();
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // One side closed; closing the other ends the tunnel.
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
