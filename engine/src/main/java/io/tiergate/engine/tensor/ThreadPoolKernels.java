package io.tiergate.engine.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the matrix kernels on a fixed number of threads (the caller's thread is one of them):
 * rows of the weight matrix are split into equal ranges, one per thread.
 */
public final class ThreadPoolKernels implements AutoCloseable {

    /** A range body: handles rows [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public ThreadPoolKernels(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "tiergate-kernel");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Splits [0, n) into up to {@code threads} ranges and runs them in parallel; returns when all are done. */
    public void parallelFor(int n, RangeBody body) {
        int parts = Math.min(threads, Math.max(1, n / 8));
        if (parts == 1 || pool == null) {
            body.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            futures.add(pool.submit(() -> body.run(from, to)));
        }
        body.run(0, n / parts);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** out[r] = w[r] · x, for a single token (generation). */
    public void matVec(WeightMatrix w, float[] x, float[] out) {
        parallelFor(w.rows(), (from, to) -> {
            for (int r = from; r < to; r++) out[r] = w.dot(r, x, 0);
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
        if (pool != null) pool.shutdownNow();
    }
}
