package io.tiergate.server;

import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.UpstreamBehavior;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams are forwarded as they arrive, and a client that leaves mid-stream cancels the upstream call. */
class ClientDisconnectIT {
    /**
     * Chunks that arrive together may leave in one write, but never wait for data that has not
     * arrived: the upstream sends three events and then stalls (its idle limit is 30 s); all three
     * must reach the client while it stalls.
     */
    @Test
    void chunksReceivedBeforeAnUpstreamStallReachTheClientDuringTheStall() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             OpenAiCompatibleBackend backend = new OpenAiCompatibleBackend(BackendConfig.openAi("stalls", upstream.baseUri()).withModels(Map.of("m", "m")));
             ServerHarness h = new ServerHarness(List.of(ServerHarness.tier("lan", 0, backend, "m")), Authentication.OPEN, 1 << 20)) {
            upstream.setDefault(UpstreamBehavior.stallingAfter(3));
            try (Socket s = new Socket("127.0.0.1", h.server.port())) {
                BufferedReader in = send(s);
                long start = System.nanoTime();
                int events = 0;
                for (String line; events < 3 && (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ")) events++;
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(events).isEqualTo(3);
                assertThat(millis).as("the three chunks came during the 30 s stall, not after it").isLessThan(5_000);
                assertThat(upstream.completedStreams()).isZero();
            }
        }
    }

    private static BufferedReader send(Socket s) throws java.io.IOException {
        OutputStream out = s.getOutputStream();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
    static final String BODY = "{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"one two three four five six seven eight nine ten eleven twelve\"}]}";

    @Test
    void aClientThatLeavesMidStreamCancelsTheUpstreamRequest() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             OpenAiCompatibleBackend backend = new OpenAiCompatibleBackend(BackendConfig.openAi("slow", upstream.baseUri()).withModels(Map.of("m", "m")));
             ServerHarness h = new ServerHarness(List.of(ServerHarness.tier("lan", 0, backend, "m")), Authentication.OPEN, 1 << 20)) {
            upstream.setDefault(UpstreamBehavior.paced(Duration.ofMillis(200)));
            try (Socket s = new Socket("127.0.0.1", h.server.port())) {
                BufferedReader in = send(s);
                long start = System.nanoTime();
                int events = 0;
                for (String line; events < 2 && (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ")) events++;
                }
                long firstTwoMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(events).isEqualTo(2);
                assertThat(firstTwoMillis).as("chunks arrive as the upstream sends them, not at the end").isLessThan(2000);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (upstream.clientAborts() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(upstream.clientAborts()).as("upstream connection closed after the client left").isEqualTo(1);
            assertThat(upstream.completedStreams()).isZero();
        }
    }
}
