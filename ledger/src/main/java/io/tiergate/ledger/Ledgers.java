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
        return config.enabled() ? new JdbcLedger(database(config, home), config, spoolDir(home)) : Ledger.NONE;
    }

    /** Where the gateway spools entries ahead of the database: {@code <home>/ledger-spool}, whatever the database. */
    public static Path spoolDir(Path home) {
        return home.resolve("ledger-spool");
    }

    /**
     * For callers without a home: beside an SQLite file ({@code <dir of the file>/ledger-spool}, which
     * is {@link #spoolDir} for the default file), else a directory in the temp dir named after the URL.
     */
    public static Path defaultSpoolDir(LedgerDatabase db) {
        String url = db.url();
        if (url.startsWith("jdbc:sqlite:")) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "")).toAbsolutePath();
            return file.resolveSibling("ledger-spool");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "tiergate-ledger-spool-" + Integer.toHexString(url.hashCode()));
    }
}
