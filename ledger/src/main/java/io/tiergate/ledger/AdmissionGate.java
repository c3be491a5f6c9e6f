package io.tiergate.ledger;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Whether the ledger can take the entries of new requests ({@link JdbcLedger#admitting}). Two ways it cannot:
 * the spool holds seven eighths of its cap (the database refuses writes), or the writer thread is held up (a
 * database call blocks it: a locked SQLite file waits out its 5 s busy timeout, an unreachable PostgreSQL its
 * socket) and the queue in front of it is seven eighths full; either way the rest is headroom for the entries of
 * requests already admitted, which would otherwise be dropped once the queue is full. The request path pays one
 * atomic increment per entry and two volatile reads per request.
 */
final class AdmissionGate {
    private static final System.Logger LOG = System.getLogger(AdmissionGate.class.getName());

    /** Entries offered and not yet drained by the writer (the queue's size, without its lock). */
    private final AtomicInteger inQueue = new AtomicInteger();
    private final int queueHighWater;
    private final int queueLowWater;
    private volatile boolean spoolFull;
    private volatile boolean queueBackedUp;
    /** What the writer last logged (writer thread only). */
    private boolean loggedAdmitting = true;

    AdmissionGate(int queueCapacity) {
        this.queueHighWater = queueCapacity - queueCapacity / 8;
        this.queueLowWater = queueCapacity / 2;
    }

    boolean admitting() {
        return !spoolFull && !queueBackedUp;
    }

    /** Request thread: an entry was queued. */
    void offered() {
        if (inQueue.incrementAndGet() >= queueHighWater && !queueBackedUp) queueBackedUp = true;
    }

    /** Writer thread: it took {@code entries} off the queue. */
    void drained(int entries) {
        inQueue.addAndGet(-entries);
    }

    /**
     * Writer thread, after each append and copy: whether the spool admits new requests; the queue counts as
     * caught up again below half its capacity. Logs each change, with {@code spoolState} saying what waits (built only
     * then: this runs after every append and copy).
     */
    void update(boolean spoolAdmits, Supplier<String> spoolState) {
        spoolFull = !spoolAdmits;
        if (queueBackedUp && inQueue.get() < queueLowWater) queueBackedUp = false;
        boolean now = admitting();
        if (now == loggedAdmitting) return;
        loggedAdmitting = now;
        if (now) {
            LOG.log(System.Logger.Level.WARNING, "ledger: admitting new requests again; " + spoolState.get());
        } else {
            LOG.log(System.Logger.Level.ERROR, "ledger: refusing new requests (503 ledger_unavailable): "
                    + (spoolFull ? "the spool is past seven eighths of ledger.spool-max-bytes"
                    : "the writer was held up by the database and its queue is past seven eighths of ledger.queue-capacity")
                    + "; " + spoolState.get() + ". Requests already admitted still record; new ones are admitted once the"
                    + " database has taken enough of the entries");
        }
    }
}
