package io.tiergate.server.admin;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.Caller;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Ledger;
import io.tiergate.api.LedgerQuery;
import io.tiergate.server.Authentication;
import io.tiergate.server.KeyAuthentication;
import io.tiergate.ledger.report.AuditFilters;
import io.tiergate.ledger.report.AuditReport;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code GET /v1/audit/summary?since=7d&until=…&by=model&key=…&team=…&format=json}: the report of
 * {@code tiergate audit --format json} (money in micro-dollars). The master key (or an open gateway)
 * sees everything; a virtual key sees only its own entries, and asking for another key is a 403.
 */
public final class AuditSummaryRoute implements Consumer<HttpRouting.Builder> {
    private final KeyAuthentication auth;
    private final Ledger ledger;
    private final Clock clock;

    public AuditSummaryRoute(KeyAuthentication auth, Ledger ledger, Clock clock) {
        this.auth = auth;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public void accept(HttpRouting.Builder routing) {
        routing.get("/v1/audit/summary", AdminAnswers.guarded(this::summary));
    }

    private void summary(ServerRequest req, ServerResponse res) throws Exception {
        Optional<String> keyFilter = AdminAnswers.query(req, "key");
        Optional<String> token = AdminAnswers.bearer(req);
        if (!auth.isMaster(token)) {
            Authentication.Authenticated who = auth.authenticate(token);
            if (!who.caller().equals(Caller.ANONYMOUS)) {
                String own = who.caller().keyId();
                if (keyFilter.isPresent() && !keyFilter.get().equals(own)) {
                    throw AdminAnswers.forbidden("Key '" + own + "' may only see its own entries (key=" + own
                            + "); other keys need the master key.", "key");
                }
                keyFilter = Optional.of(own);
            }
        }
        String format = AdminAnswers.query(req, "format").orElse("json");
        if (!format.equals("json")) {
            throw new InvalidRequestException("invalid format '" + format + "': this endpoint answers json; "
                    + "use 'tiergate audit --format table|csv' for the others", "format");
        }
        LedgerQuery query = AuditFilters.query(AdminAnswers.query(req, "since"), AdminAnswers.query(req, "until"),
                AdminAnswers.query(req, "by"), keyFilter, AdminAnswers.query(req, "team"), AdminAnswers.query(req, "kind"), clock);
        AdminAnswers.sendJson(res, 200, AuditReport.build(ledger, query, clock));
    }
}
