package io.tiergate.api;

/**
 * The append-only audit ledger. {@code record} must not block the request path for I/O (writers
 * batch asynchronously); {@code close} flushes everything written so far.
 */
public interface Ledger extends AutoCloseable {
    void record(LedgerEntry entry);

    LedgerSummary summarize(LedgerQuery query);

    /** Blocks until every entry recorded before this call is durable. */
    void flush();

    @Override
    void close();

    /** Keeps nothing; for tests and for running with the audit turned off. */
    Ledger NONE = new Ledger() {
        @Override public void record(LedgerEntry entry) {}
        @Override public LedgerSummary summarize(LedgerQuery query) { return new LedgerSummary(query.groupBy(), java.util.List.of()); }
        @Override public void flush() {}
        @Override public void close() {}
    };
}
