package io.tiergate.backends.http.wire;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The CONNECT handshake that turns a socket to an HTTP proxy into a byte tunnel to {@code host:port}
 * (RFC 9110 9.3.6); TLS to the upstream then runs inside it. The handshake counts as connecting: each
 * read of the proxy's answer waits at most the connect timeout, so a proxy that never answers is a
 * connect timeout, not a hang. (One that drips its answer a byte at a time is bounded only by a call's
 * own deadline — chat calls have one, health probes rely on the per-read bound.)
 */
final class Http1Tunnel {
    private Http1Tunnel() {}

    /** Returns with the tunnel open and nothing read past the proxy's answer; throws when the proxy refuses. */
    static void open(Socket raw, Http1Proxy proxy, String host, int port, int timeoutMillis) throws IOException {
        String target = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder(128).append("CONNECT ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(target).append("\r\nUser-Agent: tiergate\r\n");
        proxy.authorization().ifPresent(a -> request.append("Proxy-Authorization: ").append(a).append("\r\n"));
        request.append("\r\n");
        raw.setSoTimeout(timeoutMillis);
        // The connection object only reads the proxy's head; the socket itself becomes the tunnel.
        Http1Connection conn = new Http1Connection("tunnel", raw);
        conn.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        Http1Head head;
        try {
            head = Http1Head.read(conn);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("connect timed out: proxy " + proxy.address() + " did not answer CONNECT "
                    + target + " within " + timeoutMillis + " ms");
        } catch (EOFException e) {
            throw new ConnectException("proxy " + proxy.address() + " closed the connection instead of answering CONNECT " + target);
        } catch (java.net.SocketException e) {
            throw e; // closed under us (a deadline's abort): not the proxy's fault
        } catch (IOException e) {
            throw new ConnectException("proxy " + proxy.address() + " answered CONNECT " + target + " with something not HTTP: " + e.getMessage());
        }
        if (head.status / 100 != 2) {
            throw new ProxyRefusedException(proxy, "CONNECT " + target, head.status,
                    ProxyRefusedException.explain(head.status, head.field("proxy-authenticate").orElse("")));
        }
        if (conn.hasBufferedBytes()) {
            throw new ConnectException("proxy " + proxy.address() + " sent data after accepting CONNECT " + target + " before TLS began");
        }
        raw.setSoTimeout(0);
    }
}
