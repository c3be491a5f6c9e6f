package io.tiergate.ledger;

/**
 * Counters of the asynchronous writer, for metrics. {@code accepted} entries were queued;
 * {@code spooled} reached the spool file (they survive a crash); {@code written} are in the database.
 * {@code dropped} entries found the queue full for longer than the enqueue timeout; {@code failed}
 * entries could be written neither to the spool nor to the database, and are lost. {@code unindexed}
 * entries wait in the spool for the database (deferred while the gateway is busy, or refused by it), in
 * {@code unindexedBytes} of spool records against the cap {@code spoolMaxBytes} (ledger.spool-max-bytes).
 * {@code spoolSyncs} counts the appended batches synced to the disk (FileChannel.force): one per batch, not per entry.
 * {@code held} entries wait in memory because the spool is at its cap; {@code admitting} is false while the spool is
 * too full for new requests (past seven eighths of the cap, or entries held), or the writer's queue is (a database
 * call holds the writer up).
 */
public record WriterStats(long accepted, long written, long dropped, long failed, int queued, long spooled,
                          long unindexed, long unindexedBytes, long spoolMaxBytes, long spoolSyncs, int held,
                          boolean admitting) {}
