package io.tiergate.engine.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the matrix kernels on a fixed number of threads (the caller's thread is one of them): rows of
 * the weight matrix are split into equal ranges, one per thread. Workers are persistent and spin
 * briefly for the next range before parking, because a token's forward pass hands out hundreds of
 * ranges of a few microseconds each, where executor hand-offs would cost more than the work.
 */
public final class ThreadPoolKernels implements AutoCloseable {

    /** A range body: handles rows [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Spins before a waiting thread parks: a few microseconds. Longer spinning wins on an idle machine
     * but collapses when the cores are shared with other processes (the spinner starves the thread it
     * waits for), so waits are short and then block.
     */
    private static final int SPINS = 2_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile boolean closed;
    private RangeBody body;
    private int n;
    private int parts;
    private volatile Throwable failure;
    private volatile Thread caller;

    public ThreadPoolKernels(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("tiergate-kernel-" + part).start(() -> work(part));
        }
    }

    public int threads() {
        return threads;
    }

    /** Splits [0, n) into up to {@code threads} ranges and runs them in parallel; returns when all are done. */
    public synchronized void parallelFor(int n, RangeBody body) {
        int parts = Math.min(threads, Math.max(1, n / 8));
        if (parts == 1) {
            body.run(0, n);
            return;
        }
        this.body = body;
        this.n = n;
        this.parts = parts;
        this.failure = null;
        this.caller = Thread.currentThread();
        pending.set(workers.length);
        generation++; // volatile write publishes body, n and parts
        for (Thread w : workers) LockSupport.unpark(w);
        body.run(0, n / parts);
        int spins = 0;
        while (pending.get() > 0) {
            if (++spins < SPINS) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        Throwable t = failure;
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error e) throw e;
    }

    private void work(int part) {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = generation;
            try {
                if (part < parts) {
                    int from = (int) ((long) n * part / parts);
                    int to = (int) ((long) n * (part + 1) / parts);
                    body.run(from, to);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }

    /** out[r] = w[r] · x, for a single token (generation). */
    public void matVec(WeightMatrix w, float[] x, float[] out) {
        parallelFor(w.rows(), (from, to) -> {
            for (int r = from; r < to; r++) out[r] = w.dot(r, x, 0);
        });
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
                    for (int r = a; r < b; r++) outs[i][r] = ws[i].dot(r, x, 0);
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
