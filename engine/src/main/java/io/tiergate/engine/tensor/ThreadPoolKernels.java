package io.tiergate.engine.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the matrix kernels on a fixed number of threads (the caller's thread is one of them). Rows are
 * handed out in small chunks from a shared counter, so whichever threads actually get a core do the
 * work: on a machine shared with other processes a descheduled worker delays nothing, where a fixed
 * split would make the caller wait for it. Workers are persistent, spin briefly for the next pass and
 * then park, because a token's forward pass hands out hundreds of passes of microseconds each.
 */
public final class ThreadPoolKernels implements AutoCloseable {

    /** A range body: handles rows [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Spins before a waiting thread parks: a few microseconds. */
    private static final int SPINS = 2_000;

    /**
     * One parallel pass: chunks are claimed from {@code next}; {@code active} counts workers inside.
     * Each chunk is a quarter of what is left, never less than {@code smallest} (guided scheduling):
     * large chunks first keep the counter cold, small ones last let the threads finish together. With
     * equal chunks of an eighth of the pass the caller waited 0.33-0.70 ms per generated token for the
     * other thread's last chunk, now 0.16-0.19 ms (Qwen2.5-0.5B Q4_K_M, 2 threads, 145 passes a token,
     * timed inside the pool).
     */
    private record Pass(RangeBody body, int n, int smallest, AtomicInteger next, AtomicInteger active, Thread caller) {
        /** Claims and runs chunks until none are left. */
        void drain() {
            for (int from; (from = next.get()) < n; ) {
                int to = Math.min(n, from + Math.max(smallest, (n - from) / 4));
                if (next.compareAndSet(from, to)) body.run(from, to);
            }
        }
    }

    private final int threads;
    private final Thread[] workers;
    private volatile Pass current;
    private volatile boolean closed;
    private volatile Throwable failure;

    public ThreadPoolKernels(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("tiergate-kernel-" + (i + 1)).start(this::work);
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n) in chunks of at least 8 rows on all threads; returns when all rows are done. */
    public void parallelFor(int n, RangeBody body) {
        parallelFor(n, 8, body);
    }

    /**
     * Runs {@code body} over [0, n) in chunks of at least {@code minChunk} items on all threads: 1 for
     * items as heavy as one attention head over the whole cache (a token's 14 heads are 14 items).
     */
    public synchronized void parallelFor(int n, int minChunk, RangeBody body) {
        if (threads == 1 || n < 2 * minChunk) {
            body.run(0, n);
            return;
        }
        // The tail's chunks: about 1/32 of a thread's share, so a pass ends within a few percent of even.
        int smallest = Math.max(minChunk, n / (threads * 32));
        Pass pass = new Pass(body, n, smallest, new AtomicInteger(), new AtomicInteger(), Thread.currentThread());
        failure = null;
        current = pass;
        for (Thread w : workers) LockSupport.unpark(w);
        pass.drain();
        int spins = 0;
        while (pass.active().get() > 0) {
            if (++spins < SPINS) Thread.onSpinWait();
            else LockSupport.parkNanos(this, 20_000);
        }
        Throwable t = failure;
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error e) throw e;
    }

    private void work() {
        Pass seen = null;
        while (true) {
            int spins = 0;
            Pass pass;
            while ((pass = current) == seen && !closed) {
                if (++spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = pass;
            pass.active().incrementAndGet();
            try {
                pass.drain();
            } catch (Throwable t) {
                failure = t;
                pass.next().set(Integer.MAX_VALUE / 2); // stop handing out rows
            } finally {
                if (pass.active().decrementAndGet() == 0) LockSupport.unpark(pass.caller());
            }
        }
    }

    /** out[r] = w[r] · x, for a single token (generation). */
    public void matVec(WeightMatrix w, float[] x, float[] out) {
        parallelFor(w.rows(), (from, to) -> w.dotRows(x, 0, out, from, to));
    }

    /**
     * Several products of the same input in one dispatch (Q/K/V, or gate and up): outs[i] = ws[i] · x
     * for n tokens. Rows of all matrices form one range, so the threads share the work evenly and
     * pay one hand-off instead of one per matrix.
     */
    public void matMulAll(WeightMatrix[] ws, float[] x, int n, float[][] outs) {
        int[] start = new int[ws.length + 1];
        for (int i = 0; i < ws.length; i++) start[i + 1] = start[i] + ws[i].rows();
        parallelFor(start[ws.length], (from, to) -> {
            for (int i = 0; i < ws.length; i++) {
                int a = Math.max(from, start[i]) - start[i];
                int b = Math.min(to, start[i + 1]) - start[i];
                if (a >= b) continue;
                if (n == 1) {
                    ws[i].dotRows(x, 0, outs[i], a, b);
                } else {
                    ws[i].dotTile(x, n, outs[i], a, b);
                }
            }
        });
    }

    /** out[t*rows + r] = w[r] · x[t*cols ..] for n tokens (prompt processing). */
    public void matMul(WeightMatrix w, float[] x, int n, float[] out) {
        if (n == 1) {
            matVec(w, x, out);
            return;
        }
        parallelFor(w.rows(), (from, to) -> w.dotTile(x, n, out, from, to));
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
