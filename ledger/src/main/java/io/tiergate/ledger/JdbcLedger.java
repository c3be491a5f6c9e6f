package io.tiergate.ledger;

import io.tiergate.api.Ledger;
import io.tiergate.api.LedgerEntry;
import io.tiergate.api.LedgerQuery;
import io.tiergate.api.LedgerSummary;

import io.tiergate.ledger.spool.LedgerSpool;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The audit ledger over JDBC (SQLite or PostgreSQL). {@link #record} only enqueues to a
 * {@link BatchingLedgerWriter}, which spools entries to a file and indexes them into the database;
 * reports index what is spooled and then read the database.
 */
public final class JdbcLedger implements Ledger {

    private final LedgerDatabase db;
    private final Path spoolDir;
    private final int sliceEntries;
    private final BatchingLedgerWriter writer;

    /**
     * Indexes whatever earlier processes left in {@code spoolDir} (a {@code kill -9}, or a database
     * that refused entries), then starts the writer, which spools there.
     */
    public JdbcLedger(LedgerDatabase db, LedgerConfig config, Path spoolDir) {
        this.db = db;
        this.spoolDir = spoolDir;
        this.sliceEntries = config.batchSize();
        recoverSpool();
        this.writer = new BatchingLedgerWriter(db, new LedgerSpool(spoolDir, db, config.spoolMaxBytes()), config);
    }

    /** With the spool beside an SQLite file, or in the temp directory for PostgreSQL (tests and tools). */
    public JdbcLedger(LedgerDatabase db, LedgerConfig config) {
        this(db, config, Ledgers.defaultSpoolDir(db));
    }

    @Override
    public void record(LedgerEntry entry) {
        writer.offer(entry);
    }

    /**
     * Every entry recorded so far is indexed first, this process's and, when another process (a
     * running gateway) spools into the same directory, what it has spooled.
     */
    @Override
    public LedgerSummary summarize(LedgerQuery query) {
        flush();
        recoverSpool();
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

    /** Blocks until every entry recorded before this call is in the database (or the database refused it). */
    @Override
    public void flush() {
        writer.flush();
    }

    private void recoverSpool() {
        try {
            LedgerSpool.recoverOthers(spoolDir, db, sliceEntries);
        } catch (IOException | SQLException e) {
            throw new LedgerStorageException("cannot index the ledger spool " + spoolDir + " into " + db.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * False while a new request could not be recorded safely: the spool holds seven eighths of
     * {@code ledger.spool-max-bytes} that the database has not taken, or a database call holds up the writer and its
     * queue is seven eighths full. The gateway then refuses new model requests (503 {@code ledger_unavailable}).
     * Two volatile reads, no I/O: asked on every request.
     */
    public boolean admitting() {
        return writer.admitting();
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
