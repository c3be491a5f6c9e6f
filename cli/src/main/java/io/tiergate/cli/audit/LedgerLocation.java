package io.tiergate.cli.audit;

import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.Ledgers;
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

    /**
     * The ledger over {@code db}, reading the spool a gateway on this home writes (its entries not yet
     * in the database are indexed before a report): {@code $TIERGATE_HOME/ledger-spool}, or beside
     * an SQLite file given with {@code --db}.
     */
    public JdbcLedger ledger(LedgerDatabase db) {
        return url != null && url.startsWith("jdbc:sqlite:") ? new JdbcLedger(db, LedgerConfig.defaults())
                : new JdbcLedger(db, LedgerConfig.defaults(), Ledgers.spoolDir(home()));
    }

    static Path home() {
        String env = System.getenv("TIERGATE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".tiergate");
    }
}
