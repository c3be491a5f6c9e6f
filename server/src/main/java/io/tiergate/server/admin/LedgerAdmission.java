package io.tiergate.server.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.TiergateException;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ExchangeListener;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Every request must land in the ledger, so while the ledger cannot take new entries ({@code JdbcLedger.admitting()}:
 * its spool holds seven eighths of {@code ledger.spool-max-bytes} that the database has not taken, or a blocked
 * database call holds up its writer and the writer's queue is seven eighths full) new
 * model requests are refused before any work with a 503 {@code server_error} / {@code ledger_unavailable} and
 * {@code Retry-After}, as a full write-ahead log refuses writes; then the budgets and rate limits. Requests admitted
 * before still record, into the spool's last eighth. The check is one volatile read, no I/O.
 */
public final class LedgerAdmission implements Admission {
    public static final String CODE = "ledger_unavailable";
    /** Seconds a refused client should wait: the writer tries the database again every second while refusing. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final byte[] NOT_READY = "{\"status\":\"not_ready\",\"reason\":\"ledger_unavailable\"}"
            .getBytes(StandardCharsets.US_ASCII);

    private final BooleanSupplier admitting;
    private final Admission next;

    /** @param admitting {@code JdbcLedger::admitting}; {@code next} the budgets (or {@link Admission#NONE}) */
    public LedgerAdmission(BooleanSupplier admitting, Admission next) {
        this.admitting = admitting;
        this.next = next;
    }

    @Override
    public Ticket admit(Caller caller, ChatRequest request) {
        if (!admitting.getAsBoolean()) throw unavailable();
        return next.admit(caller, request);
    }

    static TiergateException unavailable() {
        return new TiergateException(503, "server_error", "Tiergate cannot record new requests in its audit ledger"
                + " right now (its database is not taking entries, and what waits for it has filled the room), so it admits"
                + " none until it can; retry in a few seconds.", Optional.of(CODE), Optional.empty(),
                Map.of("retry-after", Integer.toString(RETRY_AFTER_SECONDS)));
    }

    /**
     * The ledger recorder without the exchanges this refused: they were never admitted, and the spool's last
     * eighth is for the entries of requests that were (a flood of refusals must not fill it). The request metrics
     * still count them (errors by code {@value #CODE}).
     */
    static ExchangeListener skippingRefused(ExchangeListener recorder) {
        return exchange -> {
            Optional<String> code = exchange.errorCode();
            if (code.isEmpty() || !code.get().equals(CODE)) recorder.onExchange(exchange);
        };
    }

    /**
     * {@code GET /ready}, registered ahead of the server's own: not ready while the ledger refuses new requests,
     * else the server's readiness (a live backend) decides.
     */
    void ready(ServerRequest req, ServerResponse res) {
        if (admitting.getAsBoolean()) {
            res.next();
            return;
        }
        res.status(503);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(NOT_READY);
    }
}
