package io.tiergate.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A real SQLite ledger that refuses writes: a trigger aborts every insert into ledger_entries until removed. */
public final class RefusedInserts {
    private RefusedInserts() {}

    public static void set(String sqliteUrl, boolean refuse) throws SQLException {
        try (Connection c = DriverManager.getConnection(sqliteUrl); Statement s = c.createStatement()) {
            s.execute(refuse ? "CREATE TRIGGER refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'refused'); END"
                    : "DROP TRIGGER refuse");
        }
    }
}
