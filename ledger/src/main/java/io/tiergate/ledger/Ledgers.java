package io.tiergate.ledger;

import io.tiergate.api.Ledger;

import java.nio.file.Path;

/** Start-up wiring: the database named by the configuration, and the ledger over it. */
public final class Ledgers {
    private Ledgers() {}

    /** The configured URL, or SQLite at {@code <home>/ledger.db}; connected and migrated. */
    public static LedgerDatabase database(LedgerConfig config, Path home) {
        return LedgerDatabase.open(config.url().orElseGet(() -> LedgerDatabase.sqliteUrl(home)));
    }

    /** {@link Ledger#NONE} when the ledger is disabled, else a {@link JdbcLedger} over {@link #database}. */
    public static Ledger open(LedgerConfig config, Path home) {
        return config.enabled() ? new JdbcLedger(database(config, home), config) : Ledger.NONE;
    }
}
