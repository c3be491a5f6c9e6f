package io.tiergate.ledger;

import io.tiergate.api.TiergateException;

import java.util.Map;
import java.util.Optional;

/** The ledger database cannot be opened, migrated or read; the message says which and why. */
public final class LedgerStorageException extends TiergateException {
    public LedgerStorageException(String message, Throwable cause) {
        super(500, "server_error", message, Optional.of("ledger_unavailable"), Optional.empty(), Map.of());
        initCause(cause);
    }

    public LedgerStorageException(String message) {
        super(500, "server_error", message, Optional.of("ledger_unavailable"), Optional.empty(), Map.of());
    }
}
