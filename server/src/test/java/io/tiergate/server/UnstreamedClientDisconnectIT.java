package io.tiergate.server;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.backend.MapModelLocator;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unstreamed chat request whose client disconnects is cancelled (issue #2): the in-process engine
 * stops generating and the call is recorded as cancelled, while a client that stays gets its whole
 * answer and keeps its connection for the next (also pipelined) requests.
 */
class UnstreamedClientDisconnectIT {
    /** 8 layers of 256 over an 8,192-token context: a few ms per token, so 6,000 tokens take far longer than the bounds here. */
    private static final SyntheticModelShape SLOW = new SyntheticModelShape("llama", 256, 8, 4, 2, 64, 1024, 512, 8192,
            10_000f, 1e-5f, false, 0);
    private static InProcessBackend engine;
    private static ServerHarness h;

    @BeforeAll
    static void start(@TempDir Path dir) {
        Path model = SyntheticModelWriter.write(dir.resolve("slow.gguf"), SLOW, GgufTensorType.Q8_0, 5);
        engine = new InProcessBackend("engine", new MapModelLocator(Map.of("slow", model)),
                new EngineConfig(1, 8192, 2, 4, Duration.ofMinutes(5), 0), InProcessBackend.chatMlFallback());
        h = new ServerHarness(List.of(ServerHarness.tier("local", 0, engine, "slow")), Authentication.OPEN, 1 << 20);
    }

    @AfterAll
    static void stop() {
        h.close();
        engine.close();
    }

    @Test
    void aClientThatLeavesStopsTheGenerationAndTheCallIsRecordedAsCancelled() throws Exception {
        h.exchanges.clear();
        try (Socket s = new Socket("127.0.0.1", h.server.port())) {
            s.setSoTimeout(60_000);
            // a first request on the connection, so the watched one is a kept-alive connection's second
            s.getOutputStream().write(request(4, "before"));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
            s.getOutputStream().write(request(6000, "leaving"));
            s.getOutputStream().flush();
            Thread.sleep(700); // the generation is under way
        }
        long closed = System.nanoTime();
        Optional<ChatExchange> recorded = awaitExchange("leaving", Duration.ofSeconds(5));
        long millis = (System.nanoTime() - closed) / 1_000_000;
        assertThat(recorded).as("the call ended within 5 s of the client leaving (6,000 tokens take much longer)").isPresent();
        assertThat(recorded.get().errorCode()).as("ended by the cancel path, not completed").contains("cancelled");
        assertThat(recorded.get().response()).isEmpty();
        assertThat(millis).isLessThan(5_000);
        String metrics = h.get("/metrics").body();
        assertThat(metrics).as("counted as the streamed cancel is: an error with code 'cancelled'")
                .containsPattern("tiergate_errors_total\\{[^}]*code=\"cancelled\"[^}]*\\} 1");
    }

    @Test
    void aClientThatStaysGetsItsWholeAnswerAndKeepsItsConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.server.port())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(request(40, "first"));
            out.flush();
            String first = readResponse(s.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 200").contains("\"completion_tokens\":40").contains("\"finish_reason\":\"length\"");
            out.write(request(8, "second")); // keep-alive: the same connection serves the next request
            out.flush();
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").contains("\"completion_tokens\":8");
        }
    }

    @Test
    void pipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.server.port())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            // the second request's bytes wait in the socket while the first generates (and is watched)
            out.write(request(30, "p1"));
            out.write(request(5, "p2"));
            out.flush();
            InputStream in = s.getInputStream();
            String one = readResponse(in);
            String two = readResponse(in);
            assertThat(one).startsWith("HTTP/1.1 200").contains("x-request-id: p1").contains("\"completion_tokens\":30");
            assertThat(two).startsWith("HTTP/1.1 200").contains("x-request-id: p2").contains("\"completion_tokens\":5");
        }
    }

    private static byte[] request(int maxTokens, String requestId) {
        byte[] body = ("{\"model\":\"slow\",\"temperature\":0,\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}").getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-request-id: " + requestId
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] all = new byte[head.length() + body.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, all, 0, head.length());
        System.arraycopy(body, 0, all, head.length(), body.length);
        return all;
    }

    /** One response with a Content-Length body: the status line, headers (lower-cased names) and body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed in the headers: " + head);
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        StringBuilder lowered = new StringBuilder();
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                if (name.equals("content-length")) length = Integer.parseInt(line.substring(colon + 1).trim());
                lowered.append(name).append(": ").append(line.substring(colon + 1).trim()).append("\r\n");
            } else {
                lowered.append(line).append("\r\n");
            }
        }
        return lowered + "\r\n" + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static Optional<ChatExchange> awaitExchange(String requestId, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (h.exchanges) {
                for (ChatExchange e : h.exchanges) if (e.requestId().equals(requestId)) return Optional.of(e);
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }
}
