package io.tiergate.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher's check on real loopback sockets: a closed peer is noticed, a live or pipelining one is not, and no byte is taken. */
class ClientDisconnectWatcherTest {
    private final ClientDisconnectWatcher watcher = new ClientDisconnectWatcher(Duration.ofMillis(50));
    private ServerSocketChannel listener;
    private Socket client;
    private SocketChannel server;

    @BeforeEach
    void connect() throws Exception {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort());
        server = listener.accept(); // blocking, as Helidon's connections are
    }

    @AfterEach
    void close() throws Exception {
        watcher.close();
        client.close();
        server.close();
        listener.close();
    }

    @Test
    void aClientThatClosesIsGoneWithinAFewPeriods() throws Exception {
        try (ClientDisconnectWatcher.Watch watch = watcher.watch(server)) {
            Thread.sleep(200);
            assertThat(watch.gone()).as("connected and silent").isFalse();
            client.close();
            assertThat(waitGone(watch, Duration.ofSeconds(2))).as("closed client noticed").isTrue();
        }
    }

    @Test
    void bytesOfAPipelinedRequestAreNotGoneAndStayForTheNextReader() throws Exception {
        byte[] next = "GET /health HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        OutputStream out = client.getOutputStream();
        try (ClientDisconnectWatcher.Watch watch = watcher.watch(server)) {
            out.write(next);
            out.flush();
            Thread.sleep(300); // several checks see the bytes
            assertThat(watch.gone()).isFalse();
        }
        assertThat(server.isBlocking()).as("blocking again once the watch is closed").isTrue();
        ByteBuffer read = ByteBuffer.allocate(next.length);
        while (read.hasRemaining()) assertThat(server.read(read)).isPositive();
        assertThat(read.array()).isEqualTo(next);
    }

    @Test
    void aClosedWatchNoLongerTouchesTheChannel() throws Exception {
        ClientDisconnectWatcher.Watch watch = watcher.watch(server);
        watch.close();
        client.close();
        Thread.sleep(300);
        assertThat(watch.gone()).as("not checked after close").isFalse();
        assertThat(server.isBlocking()).isTrue();
        assertThat(server.read(ByteBuffer.allocate(1))).as("the end of stream is still there for Helidon").isEqualTo(-1);
    }

    private static boolean waitGone(ClientDisconnectWatcher.Watch watch, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!watch.gone() && System.nanoTime() < deadline) Thread.sleep(20);
        return watch.gone();
    }
}
