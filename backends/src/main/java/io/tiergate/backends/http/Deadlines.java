package io.tiergate.backends.http;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.ClientPresence;
import io.tiergate.backends.BackendTimeouts;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The time limits of one upstream call, enforced from outside the reading thread: a shared sweeper
 * thread looks at every open call each {@link #TICK_NANOS} and, for one whose limit has passed,
 * records which limit tripped and runs the abort action (closing the response, which fails the
 * blocked read). Marking progress is one volatile write, so the per-chunk cost stays a few
 * nanoseconds.
 *
 * <p>Why a fixed tick and not one timer task per call: scheduling a task that becomes the earliest
 * deadline wakes the timer thread, and cancelling it may wake it again. Measured on the gateway at one
 * connection that was one extra context switch per request (about a tenth of all switches). The
 * sweeper instead wakes 100 times a second while calls are open and sleeps when none are; a limit
 * trips at most one tick late.
 */
public final class Deadlines {
    /** How often open calls are checked: 10 ms, the lateness a tripped limit may have. */
    static final long TICK_NANOS = 10_000_000L;
    private static final Set<Deadlines> OPEN = ConcurrentHashMap.newKeySet();
    private static final Thread SWEEPER = Thread.ofPlatform().name("tiergate-backend-deadlines").daemon(true)
            .start(Deadlines::sweep);
    private static volatile boolean sweeperIdle;

    private final BackendTimeouts timeouts;
    private final long startNanos;
    private final long totalDeadline;
    private volatile long phaseDeadline;
    private volatile BackendFailure.Kind phaseKind = BackendFailure.Kind.TIMEOUT_FIRST_TOKEN;
    private volatile BackendFailure.Kind tripped;
    private volatile Runnable abort;
    private volatile boolean done;
    private volatile long firstTokenNanos = -1;
    /** The call's client, captured on the calling thread: once it is gone the call is aborted as for a limit, as CANCELLED. */
    private final ClientPresence client = ClientPresence.current();

    private Deadlines(BackendTimeouts timeouts) {
        this.timeouts = timeouts;
        this.startNanos = System.nanoTime();
        this.totalDeadline = startNanos + timeouts.total().toNanos();
        this.phaseDeadline = startNanos + timeouts.firstToken().toNanos();
    }

    public static Deadlines start(BackendTimeouts timeouts) {
        Deadlines d = new Deadlines(timeouts);
        OPEN.add(d);
        if (sweeperIdle) LockSupport.unpark(SWEEPER);
        return d;
    }

    /** What to run when a deadline passes (e.g. close the response); runs at once if one already has. */
    public void onExpiry(Runnable action) {
        abort = action;
        if (tripped != null) action.run();
    }

    /** The first token arrived: from now on the idle limit applies between chunks. */
    public void firstToken() {
        long now = System.nanoTime();
        firstTokenNanos = now;
        phaseKind = BackendFailure.Kind.TIMEOUT_IDLE;
        phaseDeadline = now + timeouts.idle().toNanos();
    }

    /** A chunk arrived: the idle clock restarts. */
    public void progress() {
        phaseDeadline = System.nanoTime() + timeouts.idle().toNanos();
    }

    /** The call ended; the timer forgets it. */
    public void finish() {
        done = true;
        OPEN.remove(this);
    }

    /** Nanoseconds from start to the first token, or to now when none came yet. */
    public long timeToFirstTokenNanos() {
        long f = firstTokenNanos;
        return (f < 0 ? System.nanoTime() : f) - startNanos;
    }

    /** The limit that tripped, if the timer fired. */
    public java.util.Optional<BackendFailure.Kind> tripped() {
        return java.util.Optional.ofNullable(tripped);
    }

    /**
     * Which limit explains a socket read timeout: the one the timer recorded, else the nearer of
     * the current phase limit and the total limit.
     */
    public BackendFailure.Kind kindForReadTimeout() {
        BackendFailure.Kind t = tripped;
        if (t != null) return t;
        return totalDeadline <= phaseDeadline ? BackendFailure.Kind.TIMEOUT_TOTAL : phaseKind;
    }

    public BackendTimeouts timeouts() {
        return timeouts;
    }

    /** The sweeper: checks every open call each tick while there are any; parks while there are none. */
    private static void sweep() {
        while (true) {
            if (OPEN.isEmpty()) {
                sweeperIdle = true;
                // Re-check after announcing idleness: a call opened in between has seen the flag and unparks us.
                if (OPEN.isEmpty()) LockSupport.park();
                sweeperIdle = false;
                continue;
            }
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Deadlines d : OPEN) {
                d.check(now);
            }
        }
    }

    private void check(long now) {
        if (done || tripped != null) return;
        BackendFailure.Kind kind = client.gone() ? BackendFailure.Kind.CANCELLED : now >= totalDeadline ? BackendFailure.Kind.TIMEOUT_TOTAL
                : now >= phaseDeadline ? phaseKind : null;
        if (kind == null) return;
        tripped = kind;
        OPEN.remove(this);
        Runnable a = abort;
        if (a == null) return;
        try {
            a.run();
        } catch (RuntimeException e) {
            // The sweeper serves every call: one failing abort must not stop the others' limits.
            System.getLogger(Deadlines.class.getName()).log(System.Logger.Level.WARNING, "aborting a timed-out call failed", e);
        }
    }
}
