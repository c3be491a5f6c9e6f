package io.tiergate.ledger;

import io.tiergate.api.LedgerEntry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes ledger entries off the request path. {@link #offer} only enqueues; one writer thread drains
 * the queue and commits each batch (at most {@code batchSize} entries) in one transaction.
 *
 * <p>The writer lingers a quarter of the flush interval (5 ms by default) after the first waiting
 * entry, gathering what arrives meanwhile without being woken by it, then commits it all in one transaction: a commit per
 * request would cost more CPU than the request itself on a busy gateway (measured: throughput halved).
 * An acknowledged entry is durable after at most that linger plus one commit time, which the flush
 * interval bounds as long as a commit takes less than three quarters of it. A {@code kill -9} thus
 * loses at most the entries of the last interval; {@link #close} loses none.
 *
 * <p>When the queue is full, {@link #offer} waits at most {@code enqueueTimeout} for space and then
 * drops the entry and counts it in {@link WriterStats#dropped()}: an audit outage must never stall
 * requests indefinitely.
 */
final class BatchingLedgerWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchingLedgerWriter.class.getName());
    private static final long[] RETRY_BACKOFF_MILLIS = {50, 200, 1_000};

    private final LedgerDatabase db;
    private final ArrayBlockingQueue<LedgerEntry> queue;
    private final int batchSize;
    private final long pollMillis;
    private final long lingerNanos;
    private final long enqueueTimeoutNanos;
    private final boolean storeText;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object progress = new Object();
    private final Thread thread;
    private volatile boolean closing;
    private Connection connection;

    BatchingLedgerWriter(LedgerDatabase db, int queueCapacity, int batchSize, Duration flushInterval,
                         Duration enqueueTimeout, boolean storeText) {
        this.db = db;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchSize = batchSize;
        // An idle writer only wakes to notice close(): at most 10 times a second, whatever the flush interval.
        this.pollMillis = Math.max(100, flushInterval.toMillis());
        this.lingerNanos = flushInterval.toNanos() / 4;
        this.enqueueTimeoutNanos = enqueueTimeout.toNanos();
        this.storeText = storeText;
        this.thread = Thread.ofPlatform().name("tiergate-ledger-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Enqueues {@code entry}; false when it was dropped (queue full past the timeout, or closed). */
    boolean offer(LedgerEntry entry) {
        if (!closing && (queue.offer(entry) || offerWithin(entry))) {
            accepted.increment();
            return true;
        }
        dropped.increment();
        return false;
    }

    private boolean offerWithin(LedgerEntry entry) {
        if (enqueueTimeoutNanos == 0) {
            return false;
        }
        try {
            return queue.offer(entry, enqueueTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Blocks until every entry accepted before this call is committed (or given up on). */
    void flush() {
        long target = accepted.sum();
        synchronized (progress) {
            while (written.get() + failed.get() < target && thread.isAlive()) {
                try {
                    progress.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    WriterStats stats() {
        return new WriterStats(accepted.sum(), written.get(), dropped.sum(), failed.get(), queue.size());
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<LedgerEntry> batch = new ArrayList<>(batchSize);
        try {
            while (true) {
                LedgerEntry first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                gather(batch);
                commit(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /**
     * Adds what arrives within the linger after the first entry, up to a full batch (at once when
     * closing). It sleeps through the linger instead of waiting on the queue: a thread waiting on
     * the queue is woken by every offer, which at one connection cost a context switch per request;
     * sleeping, it wakes once per linger whatever the request rate.
     */
    private void gather(List<LedgerEntry> batch) throws InterruptedException {
        long until = System.nanoTime() + lingerNanos;
        while (true) {
            queue.drainTo(batch, batchSize - batch.size());
            long left = until - System.nanoTime();
            if (closing || left <= 0 || batch.size() >= batchSize) return;
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    private void commit(List<LedgerEntry> batch) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (connection == null) {
                    connection = db.connect();
                }
                LedgerEntryInsert.write(connection, batch, storeText);
                written.addAndGet(batch.size());
                break;
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                // While closing, one retry per batch: a dead database must not hold shutdown for minutes.
                if (attempt == RETRY_BACKOFF_MILLIS.length || (closing && attempt >= 1)) {
                    failed.addAndGet(batch.size());
                    LOG.log(System.Logger.Level.ERROR, "ledger: dropping " + batch.size() + " entries after "
                            + (attempt + 1) + " failed writes to " + db.describe() + ": " + e.getMessage());
                    break;
                }
                LOG.log(System.Logger.Level.WARNING, "ledger: write to " + db.describe() + " failed, retrying: " + e.getMessage());
                Thread.sleep(RETRY_BACKOFF_MILLIS[attempt]);
            }
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void closeConnection() {
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
