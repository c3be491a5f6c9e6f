package io.tiergate.ledger;

import io.tiergate.api.Ledger;
import io.tiergate.api.LedgerEntry;
import io.tiergate.api.LedgerQuery;
import io.tiergate.api.LedgerSummary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The audit ledger over JDBC (SQLite or PostgreSQL). {@link #record} only enqueues to a
 * {@link BatchingLedgerWriter}; reports read the database directly and see committed entries.
 */
public final class JdbcLedger implements Ledger {

    private final LedgerDatabase db;
    private final BatchingLedgerWriter writer;

    public JdbcLedger(LedgerDatabase db, LedgerConfig config) {
        this.db = db;
        this.writer = new BatchingLedgerWriter(db, config.queueCapacity(), config.batchSize(), config.flushInterval(),
                config.enqueueTimeout(), config.storeText());
    }

    @Override
    public void record(LedgerEntry entry) {
        writer.offer(entry);
    }

    @Override
    public LedgerSummary summarize(LedgerQuery query) {
        try (Connection c = db.connect()) {
            return JdbcLedgerSummary.run(c, db.dialect(), query);
        } catch (SQLException e) {
            throw new LedgerStorageException("cannot read the ledger at " + db.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Money spent per key since {@code since}, in micro-dollars: budgets are rebuilt from this at start-up. */
    public Map<String, Double> spendSince(Instant since) {
        try (Connection c = db.connect();
             PreparedStatement p = c.prepareStatement(
                     "SELECT key_id, SUM(cost_micros) FROM ledger_entries WHERE time_ms >= ? GROUP BY key_id")) {
            p.setLong(1, since.toEpochMilli());
            Map<String, Double> out = new HashMap<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getDouble(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerStorageException("cannot read spend from the ledger at " + db.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        writer.flush();
    }

    public WriterStats writerStats() {
        return writer.stats();
    }

    public LedgerDatabase database() {
        return db;
    }

    /** Stops accepting entries and commits everything queued before returning. */
    @Override
    public void close() {
        writer.close();
    }
}
