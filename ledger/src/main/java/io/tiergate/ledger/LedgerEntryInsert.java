package io.tiergate.ledger;

import io.tiergate.api.LedgerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Binds {@link LedgerEntry} values to the {@code ledger_entries} columns for a batched INSERT. */
public final class LedgerEntryInsert {

    static final String SQL = "INSERT INTO ledger_entries (time_ms, request_id, key_id, team, workflow, step, "
            + "model_requested, model_used, tier, backend, route_score, route_reason, policy_verdict, detected_types, "
            + "prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, ttft_micros, latency_micros, status, "
            + "error_code, cost_micros, counterfactual_micros, prompt_text, completion_text, kind, max_tokens_requested, "
            + "max_tokens_granted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private LedgerEntryInsert() {}

    /** Writes {@code batch} in one transaction on {@code c}. */
    static void write(Connection c, List<LedgerEntry> batch, boolean storeText) throws SQLException {
        c.setAutoCommit(false);
        try {
            insert(c, batch, storeText);
            c.commit();
        } catch (SQLException | RuntimeException ex) {
            c.rollback();
            throw ex;
        }
    }

    /** Inserts {@code batch} inside the caller's transaction. */
    public static void insert(Connection c, List<LedgerEntry> batch, boolean storeText) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SQL)) {
            for (LedgerEntry e : batch) {
                bind(p, e, storeText);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void bind(PreparedStatement p, LedgerEntry e, boolean storeText) throws SQLException {
        int i = 1;
        p.setLong(i++, e.time().toEpochMilli());
        p.setString(i++, e.requestId());
        p.setString(i++, e.keyId());
        text(p, i++, e.team());
        text(p, i++, e.workflow());
        text(p, i++, e.step());
        p.setString(i++, e.modelRequested());
        p.setString(i++, e.modelUsed());
        p.setString(i++, e.tier());
        p.setString(i++, e.backend());
        if (e.routeScore().isPresent()) {
            p.setDouble(i++, e.routeScore().get());
        } else {
            p.setNull(i++, Types.DOUBLE);
        }
        p.setString(i++, e.routeReason());
        p.setString(i++, e.policyVerdict());
        p.setString(i++, String.join(",", e.detectedTypes()));
        p.setLong(i++, e.usage().promptTokens());
        p.setLong(i++, e.usage().completionTokens());
        p.setLong(i++, e.usage().cachedTokens());
        p.setLong(i++, e.usage().reasoningTokens());
        if (e.timeToFirstToken().isPresent()) {
            p.setLong(i++, micros(e.timeToFirstToken().get()));
        } else {
            p.setNull(i++, Types.BIGINT);
        }
        p.setLong(i++, micros(e.latency()));
        p.setInt(i++, e.status());
        text(p, i++, e.errorCode());
        p.setDouble(i++, e.costMicros());
        p.setDouble(i++, e.counterfactualCostMicros());
        text(p, i++, storeText ? e.promptText() : Optional.empty());
        text(p, i++, storeText ? e.completionText() : Optional.empty());
        p.setString(i++, e.kind().wireName());
        if (e.maxTokensClamp().isPresent()) {
            p.setLong(i++, e.maxTokensClamp().get().requested());
            p.setLong(i, e.maxTokensClamp().get().granted());
        } else {
            p.setNull(i++, Types.BIGINT);
            p.setNull(i, Types.BIGINT);
        }
    }

    private static void text(PreparedStatement p, int i, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            p.setString(i, value.get());
        } else {
            p.setNull(i, Types.VARCHAR);
        }
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1_000;
    }
}
