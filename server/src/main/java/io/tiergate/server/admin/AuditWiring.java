package io.tiergate.server.admin;

import io.helidon.webserver.http.HttpRouting;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.audit.LedgerRecorder;
import io.tiergate.gateway.limits.BudgetAdmission;
import io.tiergate.gateway.limits.ExchangeCost;
import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.keys.KeyAdmin;
import io.tiergate.ledger.keys.KeyAuthenticator;
import io.tiergate.ledger.limits.InMemoryUsageLimiter;
import io.tiergate.ledger.price.CostCalculator;
import io.tiergate.server.KeyAuthentication;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the audit ledger adds to a running gateway, built over one ledger database: the ledger and
 * its recorder, virtual-key authentication with the master key, admission (503 while the ledger's spool is full,
 * {@link LedgerAdmission}; then budgets and rate limits, spend of the current day and month rebuilt from the
 * ledger), cost metrics and ledger writer gauges on the given registry, and the admin and audit routes (with a
 * {@code /ready} that is not ready while the ledger refuses new requests). {@link #close} stops the writer after committing every
 * queued entry.
 */
public final class AuditWiring implements AutoCloseable {
    /** How long a verified key stays cached; revocations through the admin API evict at once. */
    public static final Duration KEY_CACHE_TTL = Duration.ofSeconds(30);

    private final JdbcLedger ledger;
    private final KeyAdmin keys;
    private final KeyAuthentication authentication;
    private final Admission admission;
    private final List<ExchangeListener> listeners;
    private final List<Consumer<HttpRouting.Builder>> routes;

    private AuditWiring(JdbcLedger ledger, KeyAdmin keys, KeyAuthentication authentication, Admission admission,
                        List<ExchangeListener> listeners, List<Consumer<HttpRouting.Builder>> routes) {
        this.ledger = ledger;
        this.keys = keys;
        this.authentication = authentication;
        this.admission = admission;
        this.listeners = listeners;
        this.routes = routes;
    }

    /**
     * @param database  the ledger database, already migrated ({@code Ledgers.database(config, home)})
     * @param spoolDir  where entries are spooled ahead of the database ({@code Ledgers.spoolDir(home)})
     * @param masterKey {@code server.master-key}: guards the admin API and makes the gateway require keys
     * @param registry  where {@code /metrics} reads ({@code GatewayMetrics.registry()})
     */
    public static AuditWiring open(LedgerConfig config, LedgerDatabase database, java.nio.file.Path spoolDir,
                                   Optional<String> masterKey,
                                   ModelResolver resolver, PrometheusRegistry registry, Clock clock) {
        CostCalculator calculator = CostCalculator.from(config);
        JdbcLedger ledger = new JdbcLedger(database, config, spoolDir);
        try {
            KeyAuthenticator authenticator = new KeyAuthenticator(database, KEY_CACHE_TTL);
            KeyAdmin keys = new KeyAdmin(database, authenticator);
            KeyAuthentication authentication = new KeyAuthentication(authenticator, keys, masterKey);
            ExchangeCost cost = new ExchangeCost(calculator, resolver.tiers());
            BudgetAdmission budgets = new BudgetAdmission(InMemoryUsageLimiter.fromLedger(ledger, clock), cost, resolver,
                    authentication::limitsOf);
            LedgerAdmission admission = new LedgerAdmission(ledger::admitting, budgets);
            CostMetrics costMetrics = new CostMetrics(registry, cost);
            LedgerWriterMetrics.register(registry, ledger::writerStats);
            List<ExchangeListener> listeners = List.of(
                    LedgerAdmission.skippingRefused(new LedgerRecorder(ledger, cost, config.storeText())), costMetrics);
            List<Consumer<HttpRouting.Builder>> routes = List.of(r -> r.get("/ready", admission::ready),
                    new AdminKeyRoutes(authentication, keys), new AuditSummaryRoute(authentication, ledger, clock));
            return new AuditWiring(ledger, keys, authentication, admission, listeners, routes);
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    public JdbcLedger ledger() {
        return ledger;
    }

    public KeyAdmin keys() {
        return keys;
    }

    public KeyAuthentication authentication() {
        return authentication;
    }

    public Admission admission() {
        return admission;
    }

    /** The ledger recorder and the cost metrics: add them to the gateway's exchange listeners. */
    public List<ExchangeListener> listeners() {
        return listeners;
    }

    /**
     * The admin key routes, {@code GET /v1/audit/summary} and the ledger's part of {@code GET /ready}: pass them as
     * the server's extra routes (it registers them ahead of its own health routes).
     */
    public List<Consumer<HttpRouting.Builder>> routes() {
        return routes;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
