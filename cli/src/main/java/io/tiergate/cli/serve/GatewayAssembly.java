package io.tiergate.cli.serve;

import io.tiergate.backends.Backends;
import io.tiergate.backends.pool.ReplicaPool;
import io.tiergate.cli.config.TierConfig;
import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.TierPlanner;
import io.tiergate.ledger.Ledgers;
import io.tiergate.policy.ConfiguredResidencyPolicy;
import io.tiergate.policy.EgressGuard;
import io.tiergate.backends.http.EgressRule;
import io.tiergate.server.Authentication;
import io.tiergate.server.GatewayMetrics;
import io.tiergate.server.ServerConfig;
import io.tiergate.server.TiergateServer;
import io.tiergate.server.admin.AuditWiring;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a running Tiergate from its configuration: backends and tiers, the residency policy, the
 * audit ledger, keys, metrics, and the HTTP server. Closing it stops everything in reverse order and
 * flushes the ledger.
 */
public final class GatewayAssembly implements AutoCloseable {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final TiergateServer server;
    private final Gateway gateway;

    private GatewayAssembly(TiergateConfig config, Path home, PrintWriter log) {
        List<Tier> tiers = new ArrayList<>();
        EngineTier.create(config, System.getenv(), log, resources).ifPresent(tiers::add);
        for (TierConfig t : config.tiers()) tiers.add(tier(t, tiers.size()));
        String defaultTier = config.defaultTier().orElse(tiers.isEmpty() ? "none" : tiers.getFirst().name());
        if (!tiers.isEmpty() && tiers.stream().noneMatch(t -> t.name().equals(defaultTier))) {
            throw new IllegalArgumentException("default-tier '" + defaultTier + "' is not one of the tiers "
                    + tiers.stream().map(Tier::name).toList());
        }
        ConfiguredResidencyPolicy policy = new ConfiguredResidencyPolicy(config.policy());
        // Outbound connections may go only to the configured backends' hosts and ports.
        EgressGuard egress = EgressGuard.of(config.tiers().stream().flatMap(t -> t.backends().stream()).map(b -> b.baseUrl()).toList());
        EgressRule.install(egress::check);
        resources.add(EgressRule::reset);
        GatewayMetrics metrics = new GatewayMetrics();
        List<ExchangeListener> listeners = new ArrayList<>(List.of(metrics));
        ModelResolver resolver = new ModelResolver(tiers, config.aliases());
        Admission admission = Admission.NONE;
        Authentication auth = Authentication.OPEN;
        List<java.util.function.Consumer<io.helidon.webserver.http.HttpRouting.Builder>> routes = List.of();
        if (config.ledger().enabled()) {
            // Ledger, keys, budgets, cost metrics, admin and audit routes; closing it flushes the ledger.
            AuditWiring audit = AuditWiring.open(config.ledger(), Ledgers.database(config.ledger(), home),
                    Ledgers.spoolDir(home), config.server().masterKey(), resolver, metrics.registry(), java.time.Clock.systemUTC());
            resources.add(audit);
            listeners.addAll(audit.listeners());
            admission = audit.admission();
            auth = audit.authentication();
            routes = audit.routes();
        }
        Optional<LazyRouter> router = config.router().enabled() && tiers.size() > 1
                ? Optional.of(new LazyRouter(config.router().toRouterConfig(), log)) : Optional.empty();
        TierPlanner planner = new TierPlanner(tiers, policy, router.map(r -> (io.tiergate.api.DifficultyScorer) r),
                router.map(r -> (io.tiergate.api.Router) r), defaultTier);
        this.gateway = new Gateway(resolver, policy, planner, admission, listeners);
        this.server = new TiergateServer(config.server(), gateway, auth, metrics, () -> ready(tiers), routes);
        log.printf("tiergate: %d tier(s): %s; default tier: %s%n", tiers.size(),
                tiers.stream().map(t -> t.name() + " " + t.models()).toList(), defaultTier);
    }

    public static GatewayAssembly start(TiergateConfig config, Path home, PrintWriter log) {
        GatewayAssembly a = new GatewayAssembly(config, home, log);
        try {
            a.server.start();
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        a.resources.add(a.server);
        ServerConfig s = config.server();
        log.printf("tiergate: listening on http://%s:%d/v1 (data in %s)%n", s.host(), a.server.port(), home);
        log.flush();
        return a;
    }

    private Tier tier(TierConfig t, int rank) {
        ReplicaPool pool = Backends.pool(t.name(), t.backends(), t.pool());
        resources.add(pool);
        return new Tier(t.name(), rank, pool, t.models(), pool.replicaInfos());
    }

    /** Ready when some tier can serve: the engine's, or a pool with a replica its health checks consider up. */
    private static boolean ready(List<Tier> tiers) {
        for (Tier t : tiers) {
            if (!(t.backend() instanceof ReplicaPool pool)) return true;
            if (pool.status().stream().anyMatch(r -> r.healthy())) return true;
        }
        return false;
    }

    public int port() {
        return server.port();
    }

    public Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("tiergate: closing " + resources.get(i) + " failed: " + e.getMessage());
            }
        }
        resources.clear();
    }
}
