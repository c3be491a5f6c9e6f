package io.tiergate.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.Backend;
import io.tiergate.api.ModelPrice;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.TierPlanner;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.server.GatewayMetrics;
import io.tiergate.server.ServerConfig;
import io.tiergate.server.TiergateServer;
import io.tiergate.server.admin.AuditWiring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Tiergate on 127.0.0.1 port 0 with the audit wiring on a real ledger database (SQLite file or
 * PostgreSQL URL), wired as {@code serve} wires it; plus a plain HTTP client. Prices: {@code test-model}
 * costs $1 per million input tokens ($0.50 cached) and $2 per million output tokens, i.e. 1 and 2
 * micro-dollars per token; the baseline is gpt-4o (2.5 and 10 micro-dollars per token).
 */
final class AuditHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MASTER = "master-key-for-tests-0123456789";
    static final ModelPrice TEST_MODEL_PRICE = new ModelPrice(1_000_000, 500_000, 2_000_000);

    final String url;
    final AuditWiring wiring;
    final GatewayMetrics metrics = new GatewayMetrics();
    final TiergateServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    AuditHarness(String jdbcUrl, List<Tier> tiers, ResidencyPolicy policy, Optional<String> masterKey) {
        this(config(jdbcUrl), tiers, policy, masterKey);
    }

    /** The harness's ledger settings: a 50 ms flush interval and test-model's price. */
    static LedgerConfig config(String jdbcUrl) {
        return new LedgerConfig(true, Optional.of(jdbcUrl), Duration.ofMillis(50), 500, 65_536,
                Duration.ofMillis(5), false, "gpt-4o", Map.of("test-model", TEST_MODEL_PRICE), ModelPrice.FREE, null);
    }

    AuditHarness(LedgerConfig config, List<Tier> tiers, ResidencyPolicy policy, Optional<String> masterKey) {
        String jdbcUrl = config.url().orElseThrow();
        this.url = jdbcUrl;
        ModelResolver resolver = new ModelResolver(tiers, Map.of());
        LedgerDatabase database = LedgerDatabase.open(jdbcUrl);
        wiring = AuditWiring.open(config, database, io.tiergate.ledger.Ledgers.defaultSpoolDir(database), masterKey, resolver, metrics.registry(), Clock.systemUTC());
        List<ExchangeListener> listeners = new ArrayList<>(List.of(metrics));
        listeners.addAll(wiring.listeners());
        Gateway gateway = new Gateway(resolver, policy,
                new TierPlanner(tiers, policy, Optional.empty(), Optional.empty(), tiers.getFirst().name()),
                wiring.admission(), listeners);
        server = new TiergateServer(new ServerConfig("127.0.0.1", 0, 1 << 20, masterKey), gateway, wiring.authentication(),
                metrics, () -> true, wiring.routes()).start();
    }

    static String sqliteUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("ledger.db").toAbsolutePath();
    }

    static Tier tier(String name, int rank, Backend backend, String... models) {
        return new Tier(name, rank, backend, List.of(models), List.of(backend.info()));
    }

    static String chat(String model, String text, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** {@code headers}: extra header names and values, in pairs. */
    HttpResponse<String> send(String method, String path, Optional<String> body, Optional<String> bearer, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(x -> b.header("content-type", "application/json"));
        bearer.ifPresent(t -> b.header("authorization", "Bearer " + t));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, Optional<String> bearer) throws Exception {
        return send("POST", path, Optional.of(body), bearer);
    }

    HttpResponse<String> get(String path, Optional<String> bearer) throws Exception {
        return send("GET", path, Optional.empty(), bearer);
    }

    /** Creates a key through the admin API and returns its secret. */
    String createKey(String bodyJson) throws Exception {
        HttpResponse<String> r = post("/admin/keys", bodyJson, Optional.of(MASTER));
        if (r.statusCode() != 201) throw new AssertionError("create failed: " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body()).path("secret").asText();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The usage the client saw: the body's usage, or the usage chunk of a stream. */
    static JsonNode usage(HttpResponse<String> r) throws Exception {
        if (!r.body().startsWith("data:")) return json(r).path("usage");
        for (String event : r.body().split("\n\n")) {
            String data = event.substring("data: ".length());
            if (data.equals("[DONE]")) continue;
            JsonNode chunk = JSON.readTree(data);
            if (chunk.hasNonNull("usage")) return chunk.path("usage");
        }
        throw new AssertionError("no usage in stream: " + r.body());
    }

    /** Status, error code, policy verdict and cost of a key's ledger entries, oldest first (after a flush). */
    List<String> entries(String keyId) throws java.sql.SQLException {
        wiring.ledger().flush();
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.PreparedStatement p = c.prepareStatement(
                     "SELECT status, error_code, policy_verdict, tier FROM ledger_entries WHERE key_id = ? ORDER BY id")) {
            p.setString(1, keyId);
            try (java.sql.ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
        wiring.close();
        http.close();
    }
}
