package io.tiergate.backends.http.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that writes exactly the bytes a test scripts, to check the client against
 * framings and faults a well-behaved server library would never produce. Each accepted connection
 * runs {@link Script#serve} on its own thread; the server counts connections and keeps the
 * request heads it read.
 */
final class RawHttpServer implements AutoCloseable {
    interface Script {
        /** Serves one connection; {@code n} is its number from 0. Return to close it. */
        void serve(int n, Exchange exchange) throws IOException;
    }

    /** One connection's reading and writing. */
    static final class Exchange {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final List<String> heads;
        private String lastHead = "";
        private byte[] lastBody = new byte[0];

        Exchange(Socket socket, List<String> heads) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.heads = heads;
        }

        /** Reads one request (head and Content-Length body); false when the client closed instead. */
        boolean readRequest() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
            }
            if (b == -1) return false;
            String text = head.toString(StandardCharsets.ISO_8859_1);
            heads.add(text);
            lastHead = text;
            lastBody = new byte[0];
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    lastBody = in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
            }
            return true;
        }

        /** The head {@link #readRequest} read last, through its blank line. */
        String lastHead() {
            return lastHead;
        }

        /** The Content-Length body {@link #readRequest} read last (empty without one). */
        byte[] lastBody() {
            return lastBody;
        }

        void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void write(byte[] raw) throws IOException {
            out.write(raw);
            out.flush();
        }
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawHttpServer(Script script) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
    }

    /** On a given listening socket (e.g. a TLS one). */
    RawHttpServer(ServerSocket listening, Script script) {
        server = listening;
        acceptor = Thread.ofPlatform().daemon(true).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    int n = connections.getAndIncrement();
                    Thread.ofPlatform().daemon(true).start(() -> {
                        try (s) {
                            script.serve(n, new Exchange(s, heads));
                        } catch (IOException ignored) {
                            // The client went away: the test looks at what the client saw.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    URI httpsUri(String path) {
        return URI.create("https://127.0.0.1:" + server.getLocalPort() + path);
    }

    int connections() {
        return connections.get();
    }

    List<String> heads() {
        return new ArrayList<>(heads);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) s.close();
    }
}
