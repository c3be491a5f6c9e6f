package io.tiergate.ledger.spool;

import io.tiergate.ledger.LedgerDatabase.Dialect;
import io.tiergate.ledger.LedgerEntryInsert;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Copies records of one spool segment into {@code ledger_entries}, exactly once: the segment's
 * position row is locked first, the records after it are inserted and the position moved, all in one
 * transaction. Two processes indexing the same segment (the gateway and an {@code audit} command)
 * queue on that lock, and the second starts where the first committed.
 */
final class SpoolIndexer {

    /**
     * Where the position stood ({@code from}), where it stands now ({@code to}), the entries between, and the
     * damaged bytes skipped between, and whether an intact record of a newer format stands at {@code to} (see
     * {@link SpoolReader.Chunk}).
     */
    record Progress(long from, long to, int entries, long fileLength, int damagedRegions, long skippedBytes,
                    boolean newerAtEnd) {
        boolean reachedEnd() {
            return to >= fileLength;
        }
    }

    private SpoolIndexer() {}

    /** {@code file} stays open: closing a descriptor would drop this process's lock on the segment. */
    static Progress index(Connection c, Dialect dialect, String segment, FileChannel file, int maxEntries)
            throws SQLException, IOException {
        c.setAutoCommit(false);
        try {
            // An insert takes SQLite's write lock before anything is read; PostgreSQL locks the row below.
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO ledger_spool (segment, indexed_bytes) VALUES (?, 0) ON CONFLICT (segment) DO NOTHING")) {
                p.setString(1, segment);
                p.executeUpdate();
            }
            long from = position(c, dialect, segment);
            SpoolReader.Chunk chunk = SpoolReader.read(file, from, maxEntries);
            if (chunk.end() > from) {
                // The spool holds text only when the operator keeps it, so whatever it holds is stored.
                if (!chunk.entries().isEmpty()) LedgerEntryInsert.insert(c, chunk.entries(), true);
                try (PreparedStatement p = c.prepareStatement("UPDATE ledger_spool SET indexed_bytes = ? WHERE segment = ?")) {
                    p.setLong(1, chunk.end());
                    p.setString(2, segment);
                    p.executeUpdate();
                }
            }
            c.commit();
            return new Progress(from, chunk.end(), chunk.entries().size(), chunk.length(), chunk.damagedRegions(),
                    chunk.skippedBytes(), chunk.newerAtEnd());
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** Forgets a segment whose file is deleted. */
    static void forget(Connection c, String segment) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement p = c.prepareStatement("DELETE FROM ledger_spool WHERE segment = ?")) {
            p.setString(1, segment);
            p.executeUpdate();
        }
    }

    private static long position(Connection c, Dialect dialect, String segment) throws SQLException {
        String sql = "SELECT indexed_bytes FROM ledger_spool WHERE segment = ?"
                + (dialect == Dialect.POSTGRES ? " FOR UPDATE" : "");
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, segment);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
