package io.tiergate.ledger;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The test PostgreSQL (started by {@code .ci/postgres.sh}); URL from {@code TIERGATE_PG_URL}. Each
 * {@link #freshUrl} is a new schema, dropped by {@link #dropAll}. Unreachable: fails when {@code CI=true},
 * otherwise skips with a message.
 */
public final class PostgresTestDatabase {
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/tiergate_test?user=tiergate";

    private final String baseUrl;
    private final List<String> schemas = new ArrayList<>();

    public PostgresTestDatabase() {
        String env = System.getenv("TIERGATE_PG_URL");
        baseUrl = env == null || env.isBlank() ? DEFAULT_URL : env;
        try (Connection ignored = DriverManager.getConnection(baseUrl)) {
            // reachable
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + baseUrl + " (run .ci/postgres.sh): " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
        }
    }

    /** A JDBC URL whose current schema is a new, empty one. */
    public String freshUrl() {
        String schema = "tg_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        execute("CREATE SCHEMA " + schema);
        schemas.add(schema);
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public void dropAll() {
        schemas.forEach(s -> execute("DROP SCHEMA IF EXISTS " + s + " CASCADE"));
        schemas.clear();
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
