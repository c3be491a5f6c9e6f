package io.tiergate.server.audit;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh schema in the test PostgreSQL ({@code .ci/postgres.sh}; URL from {@code TIERGATE_PG_URL}, as
 * the ledger's own tests use). Unreachable: a failure under {@code CI=true}, else a skip saying why.
 */
final class PostgresSchema implements AutoCloseable {
    private final String base;
    private final String schema = "tg_audit_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    PostgresSchema() {
        String env = System.getenv("TIERGATE_PG_URL");
        base = env == null || env.isBlank() ? "jdbc:postgresql://127.0.0.1:55432/tiergate_test?user=tiergate" : env;
        try {
            run("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + base + " (run .ci/postgres.sh): " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError(message, e);
            Assumptions.abort(message);
        }
    }

    String url() {
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private void run(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        run("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
