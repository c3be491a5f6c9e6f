package io.tiergate.server;

import io.tiergate.api.Backend;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.TierPlanner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real Tiergate server on 127.0.0.1, port 0, over the given tiers; plus a plain HTTP client for tests. */
final class ServerHarness implements AutoCloseable {
    final TiergateServer server;
    final List<ChatExchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    final GatewayMetrics metrics = new GatewayMetrics();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ServerHarness(List<Tier> tiers, Authentication auth, long maxBodyBytes) {
        this(tiers, auth, maxBodyBytes, ResidencyPolicy.ALLOW_ALL);
    }

    ServerHarness(List<Tier> tiers, Authentication auth, long maxBodyBytes, ResidencyPolicy policy) {
        ModelResolver resolver = new ModelResolver(tiers, Map.of());
        Gateway gateway = new Gateway(resolver, policy,
                new TierPlanner(tiers, policy, Optional.empty(), Optional.empty(), tiers.getFirst().name()),
                Admission.NONE, List.of(exchanges::add, metrics));
        ServerConfig config = new ServerConfig("127.0.0.1", 0, maxBodyBytes, Optional.empty());
        server = new TiergateServer(config, gateway, auth, metrics, () -> true, List.of()).start();
    }

    static Tier tier(String name, int rank, Backend backend, String... models) {
        return new Tier(name, rank, backend, List.of(models), List.of(backend.info()));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }
}
