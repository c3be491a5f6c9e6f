package io.tiergate.server;

import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.gateway.ChatExchange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An unstreamed request whose client leaves aborts its HTTP upstream call, here one to an upstream that never answers. */
class UnstreamedUpstreamCancelIT {
    @Test
    void aClientThatLeavesClosesTheConnectionToAStalledUpstream() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> upstreamClosedAt = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    InputStream in = s.getInputStream();
                    while (in.read() != -1) {
                        // take the request, answer nothing (the first-token limit is 60 s), wait for Tiergate to hang up
                    }
                } catch (IOException e) {
                    // a reset is a hang-up too
                }
                upstreamClosedAt.complete(System.nanoTime());
            });
            URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v1");
            try (OpenAiCompatibleBackend backend = new OpenAiCompatibleBackend(BackendConfig.openAi("silent", base).withModels(Map.of("m", "m")));
                 ServerHarness h = new ServerHarness(List.of(ServerHarness.tier("lan", 0, backend, "m")), Authentication.OPEN, 1 << 20)) {
                byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
                try (Socket client = new Socket("127.0.0.1", h.server.port())) {
                    client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "x-request-id: gone\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().write(body);
                    client.getOutputStream().flush();
                    Thread.sleep(500); // the upstream has the request and stalls
                    assertThat(upstreamClosedAt).isNotDone();
                }
                long clientClosed = System.nanoTime();
                long upstreamClosed = upstreamClosedAt.get(5, TimeUnit.SECONDS);
                assertThat((upstreamClosed - clientClosed) / 1_000_000).as("ms from the client leaving to the upstream hang-up").isLessThan(2_000);
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (h.exchanges.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
                ChatExchange recorded = h.exchanges.getFirst();
                assertThat(recorded.requestId()).isEqualTo("gone");
                assertThat(recorded.errorCode()).contains("cancelled");
            }
        }
    }
}
