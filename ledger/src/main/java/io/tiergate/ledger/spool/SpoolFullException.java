package io.tiergate.ledger.spool;

import java.io.IOException;

/**
 * The spool refused an append because its entries not yet in the database would exceed
 * {@code ledger.spool-max-bytes}. An {@link IOException} on purpose: the cap is a full disk that comes early
 * enough to leave room for the database and the rest of the home directory, and the writer handles both the same
 * way (the batch goes straight to the database; if that fails too it is counted as failed and logged).
 */
public final class SpoolFullException extends IOException {
    public SpoolFullException(String message) {
        super(message);
    }
}
