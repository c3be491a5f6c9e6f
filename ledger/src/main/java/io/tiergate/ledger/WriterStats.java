package io.tiergate.ledger;

/**
 * Counters of the asynchronous writer, for metrics. {@code dropped} entries found the queue full for
 * longer than the enqueue timeout; {@code failed} entries were in a batch the database refused after retries.
 */
public record WriterStats(long accepted, long written, long dropped, long failed, int queued) {}
