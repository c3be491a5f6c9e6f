package io.tiergate.ledger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The ledger writer's one database connection: work runs on it, and a failure closes it, reconnects and retries
 * with backoff (50, 200, 1,000 ms). Writer thread only.
 */
final class RetryingConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RetryingConnection.class.getName());
    private static final long[] BACKOFF_MILLIS = {50, 200, 1_000};
    /** The whole backoff: three retries after the first attempt. */
    static final int ALL_RETRIES = BACKOFF_MILLIS.length;

    interface Work {
        void run(Connection c) throws SQLException, IOException;
    }

    private final LedgerDatabase db;
    private Connection connection;

    RetryingConnection(LedgerDatabase db) {
        this.db = db;
    }

    /** Runs {@code work}, retrying up to {@code retries} times; the last failure when it gives up, empty on success. */
    Optional<Exception> run(Work work, int retries) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (connection == null) {
                    connection = db.connect();
                }
                work.run(connection);
                return Optional.empty();
            } catch (SQLException | IOException | RuntimeException e) {
                close();
                if (attempt >= Math.min(retries, ALL_RETRIES)) {
                    return Optional.of(e);
                }
                LOG.log(System.Logger.Level.WARNING, "ledger: write to " + db.describe() + " failed, retrying: " + e.getMessage());
                Thread.sleep(BACKOFF_MILLIS[attempt]);
            }
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is being discarded either way.
            }
            connection = null;
        }
    }
}
