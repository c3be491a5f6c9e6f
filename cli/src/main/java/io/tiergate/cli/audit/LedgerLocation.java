package io.tiergate.cli.audit;

import io.tiergate.ledger.LedgerDatabase;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --db}: which ledger database a command opens. Default: SQLite at
 * {@code $TIERGATE_HOME/ledger.db} ({@code ~/.tiergate} when TIERGATE_HOME is unset).
 */
public final class LedgerLocation {
    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Ledger database (jdbc:sqlite:<file> or jdbc:postgresql://host/db); default $TIERGATE_HOME/ledger.db")
    String url;

    /** Connects and migrates; a bad URL fails with a LedgerStorageException whose message says why. */
    public LedgerDatabase open() {
        return LedgerDatabase.open(url != null ? url : LedgerDatabase.sqliteUrl(home()));
    }

    static Path home() {
        String env = System.getenv("TIERGATE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".tiergate");
    }
}
