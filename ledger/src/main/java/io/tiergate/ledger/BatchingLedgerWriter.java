package io.tiergate.ledger;

import io.tiergate.api.LedgerEntry;
import io.tiergate.ledger.spool.LedgerSpool;
import io.tiergate.ledger.spool.SpoolCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes ledger entries off the request path. {@link #offer} encodes the entry as a spool record on
 * the caller's thread and enqueues it; one writer thread drains the queue, appends each batch to the
 * {@link LedgerSpool} (a file append synced to the disk: the entries now survive a crash or a power loss, at one
 * sync per batch, on this thread) and copies spooled entries
 * into the database.
 *
 * <p>The writer lingers three quarters of the flush interval (75 ms by default) after the first waiting
 * entry, gathering what arrives meanwhile without being woken by it, then appends it all with one
 * write. (A quarter, when each batch was an SQLite commit on the request core, kept those bursts short; an
 * append is short whatever the batch, and each batch costs the writer two wake-ups, so fewer are cheaper.) An
 * acknowledged entry is durable after at most that linger plus one append, which the flush
 * interval bounds; a {@code kill -9} thus loses at most the entries of the last interval, and
 * {@link #close} loses none. (Not while a database call holds the writer up, a locked or unreachable database:
 * entries then wait in the queue, which {@link AdmissionGate} keeps from overflowing.)
 *
 * <p>Copying into the database is the expensive part (an SQLite row is ~4 µs of CPU with its time index,
 * against ~45 µs for a whole proxied request). While fewer than {@link #BUSY_ENTRIES_PER_SECOND}
 * entries arrive it happens right after each append, as a database write per batch would. Above
 * that rate it waits for a quiet moment (no entry for {@link #QUIET_MILLIS}), for a reader
 * ({@link #flush}), or until the oldest spooled entry has waited {@code maxIndexLag}; so a burst of
 * load is not slowed by the audit, and a sustained one is indexed at its own pace that long behind.
 *
 * <p>While the database refuses entries they wait in the spool. Once they reach seven eighths of
 * {@code ledger.spool-max-bytes} the writer turns {@link #admitting} false and the gateway refuses new requests
 * (503 {@code ledger_unavailable}) until the database has taken enough of them; requests admitted before still
 * record, into the last eighth. A batch that would pass the cap itself is held in memory, not dropped, and appended
 * once there is room; meanwhile the writer takes nothing more from the queue. The same happens while a database
 * call holds the writer up and its queue fills to seven eighths ({@link AdmissionGate}).
 *
 * <p>When the queue is full (far more in-flight requests than the spool's headroom, or a writer far too slow),
 * {@link #offer} waits at most {@code enqueueTimeout} for space and then drops the entry and counts it in
 * {@link WriterStats#dropped()}: the request path never stalls indefinitely.
 */
final class BatchingLedgerWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchingLedgerWriter.class.getName());
    /** Below this arrival rate indexing costs under 1 % of a core (at 4–7 µs an entry) and is not deferred. */
    static final int BUSY_ENTRIES_PER_SECOND = 1_000;
    /** No entry for this long counts as a quiet moment to index deferred entries in. */
    static final long QUIET_MILLIS = 50;
    /** Entries per transaction when aged entries are copied while the gateway is busy (~0.3 ms of SQLite work). */
    static final int BUSY_SLICE_ENTRIES = 64;
    /**
     * Most entries one spool append takes (~1.3 MB): the linger, not the transaction size, bounds a batch, since an
     * append is one write whatever its length and each batch costs the writer its wake-ups.
     */
    static final int APPEND_MAX_ENTRIES = 8_192;
    /** After the database refused a copy, the next attempt waits this long: the entries are safe in the spool. */
    private static final long INDEX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The same while new requests are refused: each second sooner the database is seen back, requests resume. */
    private static final long REFUSING_INDEX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LedgerDatabase db;
    private final LedgerSpool spool;
    /** Entries already encoded as spool records by the thread that recorded them. */
    private final ArrayBlockingQueue<byte[]> queue;
    private final int batchSize;
    private final long pollMillis;
    private final long lingerNanos;
    private final long enqueueTimeoutNanos;
    private final long maxIndexLagNanos;
    private final boolean storeText;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong indexFailures = new AtomicLong();
    private final AtomicLong indexWanted = new AtomicLong();
    private final ArrivalRate rate = new ArrivalRate();
    /** Records the full spool could not take yet, oldest first; kept (never dropped) until it has room. */
    private final List<byte[]> held = new ArrayList<>();
    private final AdmissionGate gate;
    private volatile int heldEntries;
    private final Object progress = new Object();
    private final Thread thread;
    private volatile boolean closing;
    private volatile long unindexed;
    private volatile long unindexedBytes;
    /** The spool's {@link LedgerSpool#syncs()}, published by the writer thread (the spool is not thread-safe). */
    private volatile long spoolSyncs;
    private long nextIndexAttemptNanos;
    private final RetryingConnection connection;

    BatchingLedgerWriter(LedgerDatabase db, LedgerSpool spool, LedgerConfig config) {
        this.db = db;
        this.spool = spool;
        this.connection = new RetryingConnection(db);
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.gate = new AdmissionGate(config.queueCapacity());
        this.batchSize = config.batchSize();
        // An idle writer only wakes to notice close(): at most 10 times a second, whatever the flush interval.
        this.pollMillis = Math.max(100, config.flushInterval().toMillis());
        this.lingerNanos = config.flushInterval().toNanos() * 3 / 4; // + one append: within the flush interval
        this.enqueueTimeoutNanos = config.enqueueTimeout().toNanos();
        this.maxIndexLagNanos = config.maxIndexLag().toNanos();
        this.storeText = config.storeText();
        this.thread = Thread.ofPlatform().name("tiergate-ledger-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Encodes {@code entry} on the calling thread and enqueues it; false when it was dropped (queue
     * full past the timeout, or closed).
     */
    boolean offer(LedgerEntry entry) {
        byte[] record = closing ? null : SpoolCodec.encode(entry, storeText);
        if (!closing && (queue.offer(record) || offerWithin(record))) {
            gate.offered();
            accepted.increment();
            return true;
        }
        dropped.increment();
        return false;
    }

    private boolean offerWithin(byte[] entry) {
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

    /**
     * Blocks until every entry accepted before this call is in the database, or the database refused
     * it (it then stays in the spool for a later attempt).
     */
    void flush() {
        long target = accepted.sum();
        long failuresBefore = indexFailures.get();
        indexWanted.accumulateAndGet(target, Math::max);
        LockSupport.unpark(thread);
        synchronized (progress) {
            while (written.get() + failed.get() < target && indexFailures.get() == failuresBefore && thread.isAlive()) {
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
        return new WriterStats(accepted.sum(), written.get(), dropped.sum(), failed.get(), queue.size(), spooled.get(),
                unindexed, unindexedBytes, spool.maxBytes(), spoolSyncs, heldEntries, gate.admitting());
    }

    /** False while the ledger could not take the entries of new requests ({@link AdmissionGate}); no I/O. */
    boolean admitting() {
        return gate.admitting();
    }

    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>(APPEND_MAX_ENTRIES);
        try {
            while (true) {
                if (!held.isEmpty() && !appendHeld()) continue;
                long wait = spool.backlog() > 0 ? QUIET_MILLIS : pollMillis;
                // A reader waiting in flush() is served within a millisecond, not after a quiet period.
                byte[] first = queue.poll(indexWanted() ? 1 : wait, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    gather(batch);
                    gate.drained(batch.size());
                    append(batch);
                    batch.clear();
                } else if (closing && queue.isEmpty()) {
                    indexWhile(() -> true);
                    return;
                }
                indexAsLoadAllows(first == null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            spool.close();
            connection.close();
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /**
     * Adds what arrives within the linger after the first entry, up to {@link #APPEND_MAX_ENTRIES} (at once when
     * closing). It sleeps through the linger instead of waiting on the queue: a thread waiting on
     * the queue is woken by every offer, which at one connection cost a context switch per request;
     * sleeping, it wakes once per linger whatever the request rate.
     */
    private void gather(List<byte[]> batch) throws InterruptedException {
        long until = System.nanoTime() + lingerNanos;
        while (true) {
            queue.drainTo(batch, APPEND_MAX_ENTRIES - batch.size());
            long left = until - System.nanoTime();
            if (closing || left <= 0 || batch.size() >= APPEND_MAX_ENTRIES) return;
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    private void append(List<byte[]> batch) throws InterruptedException {
        rate.add(batch.size(), System.nanoTime());
        int fit = closing ? batch.size() : spool.recordsThatFit(batch);
        if (fit > 0) appendToSpool(fit == batch.size() ? batch : batch.subList(0, fit));
        if (fit < batch.size()) hold(batch.subList(fit, batch.size()));
    }

    /**
     * Appends what the full spool held back, as much as has room (all when the writer is stopping: past the cap,
     * bounded by the queue, rather than lose it). While nothing fits it indexes, at the usual retry pace, until all
     * of it would, and sleeps between attempts. True when nothing is held any more.
     */
    private boolean appendHeld() throws InterruptedException {
        int fit = closing ? held.size() : spool.recordsThatFit(held);
        if (fit == 0 && (indexWanted() || System.nanoTime() >= nextIndexAttemptNanos)) {
            long bytes = LedgerSpool.bytes(held);
            indexWhile(() -> !spool.hasRoomFor(bytes));
            fit = spool.recordsThatFit(held);
        }
        if (fit > 0) {
            List<byte[]> part = new ArrayList<>(held.subList(0, fit));
            held.subList(0, fit).clear();
            heldEntries = held.size();
            appendToSpool(part);
            return held.isEmpty();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)); // flush() and close() unpark it
        return false;
    }

    private void hold(List<byte[]> batch) {
        held.addAll(batch);
        heldEntries = held.size();
        updateAdmitting();
    }

    private void appendToSpool(List<byte[]> batch) throws InterruptedException {
        try {
            spool.append(batch, closing);
            spooled.addAndGet(batch.size());
            spoolSyncs = spool.syncs();
            unindexed = spool.backlog();
            unindexedBytes = spool.unindexedBytes();
            updateAdmitting();
        } catch (io.tiergate.ledger.spool.SpoolFullException full) {
            hold(batch); // not reached: append() checked for room on this thread
        } catch (IOException e) {
            // Without a spool (disk full, directory gone) the batch goes straight to the database.
            LOG.log(System.Logger.Level.WARNING, "ledger: cannot append to the spool (" + e.getMessage()
                    + "); writing " + batch.size() + " entries directly to " + db.describe());
            writeDirectly(batch);
        }
    }

    /** Admits new requests while nothing is held and the spool is below seven eighths of its cap. */
    private void updateAdmitting() {
        gate.update(held.isEmpty() && spool.admitsNewRequests(), () -> spool.unindexedBytes() + " bytes of entries wait in the"
                + " spool for " + db.describe() + (held.isEmpty() ? "" : " and " + held.size() + " more in memory"));
    }

    private void indexAsLoadAllows(boolean quiet) throws InterruptedException {
        if (spool.backlog() == 0) return;
        if (indexWanted() || closing) {
            indexWhile(() -> true);
        } else if (System.nanoTime() < nextIndexAttemptNanos) {
            return;
        } else if (maxIndexLagNanos == 0) {
            indexWhile(() -> true);
        } else if (!rate.busy(System.nanoTime()) || quiet) {
            // Only while no entry waits, also when not busy: the first batch after a pause looks "not busy" (the
            // rate restarts from it), and copying a whole backlog then (millions of entries after a load test's
            // warm-up) took the core from the load that had just resumed.
            indexWhile(queue::isEmpty);
        } else {
            indexInSlicesWhile(() -> spool.oldestWaitNanos(System.nanoTime()) > maxIndexLagNanos);
            // Past three quarters of the cap the copy does not wait for age: a database that only lags behind must
            // never bring the spool to where new requests are refused.
            indexInSlicesWhile(() -> spool.unindexedBytes() >= spool.pressureBytes());
        }
    }

    /**
     * While busy, copies only what must not wait (aged past the lag, or a spool near its cap),
     * {@link #BUSY_SLICE_ENTRIES} at a time with a yield between: a full batch is ~2 ms of SQLite work, which on a
     * saturated core took its scheduler slice from the requests and showed in their p99 (+3 ms at 16 connections);
     * a slice is ~0.3 ms.
     */
    private void indexInSlicesWhile(java.util.function.BooleanSupplier more) throws InterruptedException {
        while (spool.backlog() > 0 && more.getAsBoolean()) {
            if (!indexBatch(BUSY_SLICE_ENTRIES)) return;
            Thread.yield();
        }
    }

    /** Copies spooled entries into the database, a batch per transaction, while {@code more} holds. */
    private void indexWhile(java.util.function.BooleanSupplier more) throws InterruptedException {
        while (spool.backlog() > 0 && more.getAsBoolean()) {
            if (!indexBatch(batchSize)) return;
        }
    }

    /** True while a caller of {@link #flush} waits for entries to reach the database. */
    private boolean indexWanted() {
        return indexWanted.get() > written.get() + failed.get();
    }

    private boolean indexBatch(int maxEntries) throws InterruptedException {
        // The whole backoff only for a reader waiting in flush(). A copy in the background retries once, after 50 ms:
        // the entries are safe in the spool and the next attempt comes at the retry pace anyway, while every second
        // spent sleeping here holds back the appends of new entries (the kill -9 bound and the spool's admission
        // limit both count on them; with the whole backoff an outage stalled the writer 1.25 s per attempt).
        // While closing, once only: a dead database must not hold shutdown for seconds.
        int retries = indexWanted() && !closing ? RetryingConnection.ALL_RETRIES : 1;
        Optional<Exception> failure = connection.run(c -> written.addAndGet(spool.indexSome(c, maxEntries)), retries);
        unindexed = spool.backlog();
        unindexedBytes = spool.unindexedBytes();
        updateAdmitting();
        if (failure.isPresent()) {
            LOG.log(System.Logger.Level.ERROR, "ledger: " + spool.backlog() + " entries stay in the spool after failed writes to "
                    + db.describe() + ": " + failure.get().getMessage()
                    + (closing ? "; the next start writes them" : gate.admitting() ? "; retrying in 5 s" : "; retrying in 1 s"));
            nextIndexAttemptNanos = System.nanoTime() + (gate.admitting() ? INDEX_RETRY_NANOS : REFUSING_INDEX_RETRY_NANOS);
            indexWanted.set(0); // the waiting readers are released below; a new flush() asks again
            indexFailures.incrementAndGet();
        }
        notifyProgress();
        return failure.isEmpty();
    }

    /** The old path, for when the spool cannot be written: the batch in one transaction, or lost. */
    private void writeDirectly(List<byte[]> records) throws InterruptedException {
        List<LedgerEntry> batch = new ArrayList<>(records.size());
        for (byte[] r : records) {
            SpoolCodec.read(ByteBuffer.wrap(r)).ifPresent(batch::add);
        }
        // The records hold text only when it is kept, so whatever they hold is stored.
        Optional<Exception> failure = connection.run(c -> LedgerEntryInsert.write(c, batch, true), closing ? 1 : RetryingConnection.ALL_RETRIES);
        if (failure.isPresent()) {
            failed.addAndGet(batch.size());
            LOG.log(System.Logger.Level.ERROR, "ledger: dropping " + batch.size() + " entries after failed writes to "
                    + db.describe() + ": " + failure.get().getMessage());
        } else {
            written.addAndGet(batch.size());
        }
        notifyProgress();
    }

    private void notifyProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}
