package io.tiergate.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the plain SQL files under {@code migrations/<dialect>/} in version order, each in its own
 * transaction, and records them in {@code schema_version}. Already-applied versions are skipped, so
 * opening an old database brings it to the current schema.
 */
public final class SchemaMigrator {

    record Migration(int version, String file) {}

    /** Listed here because a jar's resource directory cannot be enumerated portably. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "V1__entries.sql"),
            new Migration(2, "V2__keys_text_and_indexes.sql"),
            new Migration(3, "V3__spool_positions.sql"),
            new Migration(4, "V4__drop_key_team_indexes.sql"),
            new Migration(5, "V5__kind_and_max_tokens_clamp.sql"));

    public static final int CURRENT_VERSION = MIGRATIONS.getLast().version();

    private SchemaMigrator() {}

    /** Brings the schema to {@code targetVersion}; returns the versions applied by this call. */
    public static List<Integer> migrate(Connection c, LedgerDatabase.Dialect dialect, int targetVersion) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "description TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
        }
        List<Integer> applied = new ArrayList<>();
        c.setAutoCommit(false);
        try {
            for (Migration m : MIGRATIONS) {
                if (m.version() > targetVersion) {
                    break;
                }
                if (dialect == LedgerDatabase.Dialect.POSTGRES) {
                    // Serialises two gateways migrating the same database at start-up.
                    try (Statement s = c.createStatement()) {
                        s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
                    }
                }
                if (currentVersion(c) >= m.version()) {
                    c.commit();
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(read(dialect, m.file()))) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_ms) VALUES (?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.file());
                    p.setLong(3, System.currentTimeMillis());
                    p.executeUpdate();
                }
                c.commit();
                applied.add(m.version());
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return applied;
    }

    public static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String read(LedgerDatabase.Dialect dialect, String file) {
        String path = "migrations/" + dialect.name().toLowerCase(java.util.Locale.ROOT) + "/" + file;
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new LedgerStorageException("migration " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LedgerStorageException("cannot read migration " + path + ": " + e.getMessage(), e);
        }
    }

    /** Splits a file into statements: comment lines dropped, statements end with ';' at end of line. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
