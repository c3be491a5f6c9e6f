package io.tiergate.backends.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.tiergate.backends.http.wire.Http1Client;
import io.tiergate.backends.http.wire.Http1Response;
import io.tiergate.testkit.upstream.LoopbackHttpServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The measurement behind the outbound client choice (run by hand: it is not a test): the JDK
 * HttpClient, Helidon WebClient (the previous choice) and our {@link Http1Client}. Sequential
 * POSTs of a small JSON body against a loopback server with a constant answer, one connection,
 * after warm-up; prints p50/p99 per call in microseconds and calls per second for each client.
 */
public final class HttpClientComparison {
    public static void main(String[] args) throws Exception {
        byte[] answer = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}".getBytes(StandardCharsets.UTF_8);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (var server = new LoopbackHttpServer((req, res) -> res.respond(200, Map.of("Content-Type", "application/json"), answer))) {
            URI uri = URI.create(server.uri() + "/v1/chat/completions");
            HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest jdkReq = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            WebClient helidon = WebClient.builder().baseUri(server.uri().toString()).build();
            Http1Client ours = Http1Client.withDefaults(java.time.Duration.ofSeconds(5));
            Map<String, String> json = Map.of("Content-Type", "application/json");
            for (int round = 0; round < 2; round++) {
                report("jdk HttpClient", n, () -> jdk.send(jdkReq, HttpResponse.BodyHandlers.ofInputStream()).body().readAllBytes());
                report("tiergate Http1Client", n, () -> {
                    try (Http1Response r = ours.send("POST", uri, json, java.util.Optional.of(body), abort -> { }, 0)) {
                        r.body().readAllBytes();
                    }
                });
                report("helidon WebClient", n, () -> {
                    try (HttpClientResponse r = helidon.post("/v1/chat/completions").header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json")
                            .submit(body)) {
                        r.inputStream().readAllBytes();
                    }
                });
            }
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static void report(String name, int n, Call call) throws Exception {
        for (int i = 0; i < n / 2; i++) call.run();
        long[] nanos = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf("%-18s p50 %6.1f us  p99 %6.1f us  %8.0f calls/s%n", name, nanos[n / 2] / 1e3, nanos[n * 99 / 100] / 1e3, n / seconds);
    }
}
