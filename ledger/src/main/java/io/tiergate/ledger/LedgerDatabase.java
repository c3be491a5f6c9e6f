package io.tiergate.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where the ledger lives: an SQLite file (WAL) or a PostgreSQL database, by JDBC URL. Hands out
 * connections configured for the dialect; {@link #open} also applies pending migrations.
 */
public final class LedgerDatabase {

    public enum Dialect { SQLITE, POSTGRES }

    private final String url;
    private final Dialect dialect;

    private LedgerDatabase(String url, Dialect dialect) {
        this.url = url;
        this.dialect = dialect;
    }

    /** Checks the URL, connects once (failing with a clear message) and migrates to the current schema. */
    public static LedgerDatabase open(String jdbcUrl) {
        LedgerDatabase db = unmigrated(jdbcUrl);
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c, db.dialect, SchemaMigrator.CURRENT_VERSION);
        } catch (SQLException e) {
            throw new LedgerStorageException("cannot migrate the ledger database at " + db.describe() + ": " + e.getMessage(), e);
        }
        return db;
    }

    /** The default embedded ledger: {@code <home>/ledger.db}. */
    public static String sqliteUrl(Path home) {
        try {
            Files.createDirectories(home);
        } catch (java.io.IOException e) {
            throw new LedgerStorageException("cannot create the ledger directory " + home + ": " + e.getMessage(), e);
        }
        return "jdbc:sqlite:" + home.resolve("ledger.db").toAbsolutePath();
    }

    /** A handle without touching the schema (tests build old schemas with it). */
    public static LedgerDatabase unmigrated(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new LedgerStorageException("the ledger JDBC URL is empty; expected jdbc:sqlite:<file> or jdbc:postgresql://host/db");
        }
        Dialect dialect;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            dialect = Dialect.SQLITE;
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRES;
        } else {
            throw new LedgerStorageException("unsupported ledger URL '" + redact(jdbcUrl)
                    + "': expected jdbc:sqlite:<file> or jdbc:postgresql://host:port/db");
        }
        LedgerDatabase db = new LedgerDatabase(jdbcUrl, dialect);
        try (Connection ignored = db.connect()) {
            return db;
        } catch (SQLException e) {
            throw new LedgerStorageException("cannot connect to the ledger database at " + db.describe() + ": " + e.getMessage(), e);
        }
    }

    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                // WAL lets reports read while the writer appends; NORMAL survives a killed process
                // (only a power loss can drop the last commits).
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The URL without credentials, for messages. */
    public String describe() {
        return redact(url);
    }

    /** The URL as given, credentials included: for deriving local names, never for messages. */
    String url() {
        return url;
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }
}
