package io.tiergate.backends.http;

import io.tiergate.api.BackendFailure;
import io.tiergate.backends.BackendTimeouts;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The time limits of one upstream call, enforced from outside the reading thread: a shared timer
 * wakes at the nearest deadline and, when it has passed, records which limit tripped and runs the
 * abort action (closing the response, which fails the blocked read). Marking progress is one
 * volatile write, so the per-chunk cost stays a few nanoseconds; the timer re-arms only when it
 * wakes early.
 */
public final class Deadlines {
    private static final ScheduledExecutorService TIMER = timer();

    /** One daemon timer thread; cancelled checks leave its queue at once (a minute-long limit per call would pile up). */
    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "tiergate-backend-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private final BackendTimeouts timeouts;
    private final long startNanos;
    private final long totalDeadline;
    private volatile long phaseDeadline;
    private volatile BackendFailure.Kind phaseKind = BackendFailure.Kind.TIMEOUT_FIRST_TOKEN;
    private volatile BackendFailure.Kind tripped;
    private volatile Runnable abort;
    private volatile boolean done;
    private volatile long firstTokenNanos = -1;
    private ScheduledFuture<?> pending;

    private Deadlines(BackendTimeouts timeouts) {
        this.timeouts = timeouts;
        this.startNanos = System.nanoTime();
        this.totalDeadline = startNanos + timeouts.total().toNanos();
        this.phaseDeadline = startNanos + timeouts.firstToken().toNanos();
    }

    public static Deadlines start(BackendTimeouts timeouts) {
        Deadlines d = new Deadlines(timeouts);
        d.arm(Math.min(d.phaseDeadline, d.totalDeadline) - d.startNanos);
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
        synchronized (this) {
            if (pending != null) pending.cancel(false);
        }
    }

    /** Nanoseconds from start to the first token, or to now when none came yet. */
    public long timeToFirstTokenNanos() {
        long f = firstTokenNanos;
        return (f < 0 ? System.nanoTime() : f) - startNanos;
    }

    /** Milliseconds left before the current limit (first token or idle) or the total limit; at least 1. */
    public long remainingMillis() {
        long left = Math.min(phaseDeadline, totalDeadline) - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
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

    private void arm(long delayNanos) {
        synchronized (this) {
            if (done) return;
            pending = TIMER.schedule(this::check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        if (done) return;
        long now = System.nanoTime();
        BackendFailure.Kind kind = now >= totalDeadline ? BackendFailure.Kind.TIMEOUT_TOTAL
                : now >= phaseDeadline ? phaseKind : null;
        if (kind == null) {
            arm(Math.min(phaseDeadline, totalDeadline) - now);
            return;
        }
        tripped = kind;
        Runnable a = abort;
        if (a != null) a.run();
    }
}
