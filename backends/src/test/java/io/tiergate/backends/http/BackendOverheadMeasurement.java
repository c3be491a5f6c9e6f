package io.tiergate.backends.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.backends.openai.OpenAiJson;
import io.tiergate.testkit.upstream.LoopbackHttpServer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Run by hand (not a test): what OpenAiCompatibleBackend adds over a bare WebClient POST against a
 * loopback server with a canned answer (request JSON writing, response parsing, deadlines), and the
 * codec's own cost per call. Prints p50 in microseconds.
 */
public final class BackendOverheadMeasurement {
    public static void main(String[] args) throws Exception {
        byte[] answer = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Hello there, how can I help?\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":7,\"total_tokens\":16}}").getBytes(StandardCharsets.UTF_8);
        byte[] inbound = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"You are brief.\"},{\"role\":\"user\",\"content\":\"hello there\"}],\"temperature\":0.2,\"max_tokens\":64}"
                .getBytes(StandardCharsets.UTF_8);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (var server = new LoopbackHttpServer((req, res) -> res.respond(200, Map.of("Content-Type", "application/json"), answer));
             var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("b", server.uri().resolve("/v1")))) {
            WebClient raw = WebClient.builder().build();
            java.net.URI uri = java.net.URI.create(server.uri() + "/v1/chat/completions");
            ChatRequest request = OpenAiJson.readChatRequest(inbound);
            for (int round = 0; round < 2; round++) {
                report("raw WebClient POST", n, () -> {
                    try (HttpClientResponse r = raw.post().uri(uri).submit(inbound)) {
                        r.inputStream().readAllBytes();
                    }
                });
                report("backend.chat", n, () -> backend.chat(request, ChatStream.DISCARD));
                report("codec read+write req", n, () -> OpenAiJson.writeChatRequest(OpenAiJson.readChatRequest(inbound)));
                report("codec read+write resp", n, () -> OpenAiJson.writeChatResponse(OpenAiJson.readChatResponse(answer)));
            }
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static void report(String name, int n, Call call) throws Exception {
        for (int i = 0; i < n / 2; i++) call.run();
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%-24s p50 %7.2f us  p99 %7.2f us%n", name, nanos[n / 2] / 1e3, nanos[n * 99 / 100] / 1e3);
    }
}
