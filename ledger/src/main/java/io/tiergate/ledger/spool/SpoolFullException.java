package io.tiergate.ledger.spool;

import java.io.IOException;

/**
 * The spool refused an append because its entries not yet in the database would exceed
 * {@code ledger.spool-max-bytes}. Nothing was written: the writer keeps the batch in memory and appends it once the
 * database has taken some of the backlog (the gateway stopped admitting new requests before this, at seven eighths
 * of the cap). An {@link IOException} subtype because it is the early, bounded form of a full disk.
 */
public final class SpoolFullException extends IOException {
    public SpoolFullException(String message) {
        super(message);
    }
}
