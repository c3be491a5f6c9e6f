package io.tiergate.engine.generate;

import io.tiergate.engine.model.Model;
import io.tiergate.engine.model.Segment;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Continuous batching for one model: up to {@code parallel} sequences are active, and every step
 * runs one forward pass over all of them (a prompt chunk for new ones, one token for the others), so
 * the weights are read once per step for everybody. Finished sequences leave and waiting ones join
 * between steps. At most {@code maxQueued} wait; beyond that {@link #submit} refuses with
 * {@link EngineOverloadedException}.
 */
public final class BatchScheduler implements AutoCloseable {

    /** Prompt tokens across the whole batch per step, to keep decoding sequences responsive. */
    private static final int PROMPT_TOKENS_PER_STEP = 512;

    private record Job(GenerationSequence sequence, CompletableFuture<GenerationResult> done) {}

    private final Model model;
    private final int parallel;
    private final int maxQueued;
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final List<Job> active = new ArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile long lastStepNanos = 50_000_000L;

    public BatchScheduler(Model model, int parallel, int maxQueued) {
        this.model = model;
        this.parallel = parallel;
        this.maxQueued = maxQueued;
        this.loop = Thread.ofPlatform().daemon().name("tiergate-batch").start(this::run);
    }

    /** Queues a sequence; the future completes when it finishes (or fails with the forward pass's error). */
    public CompletableFuture<GenerationResult> submit(GenerationSequence sequence) {
        CompletableFuture<GenerationResult> f = new CompletableFuture<>();
        synchronized (this) {
            if (!running) throw new EngineStoppedException("the model is being unloaded");
            if (active.size() >= parallel && waiting.size() >= maxQueued) {
                // A rough guess: each waiting request takes about a hundred steps.
                long seconds = Math.max(1, Duration.ofNanos(lastStepNanos * 100L * (waiting.size() + 1) / parallel).toSeconds());
                throw new EngineOverloadedException("The engine is busy: " + active.size() + " requests running and "
                        + waiting.size() + " queued for this model. Retry later.", Duration.ofSeconds(seconds));
            }
            waiting.add(new Job(sequence, f));
            notifyAll();
        }
        return f;
    }

    /** Sequences decoded together at most. */
    public int parallel() {
        return parallel;
    }

    /** Sequences running or waiting. */
    public synchronized int load() {
        return active.size() + waiting.size();
    }

    private void run() {
        while (true) {
            List<Job> batch;
            synchronized (this) {
                while (running && active.isEmpty() && waiting.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) break;
                while (active.size() < parallel && !waiting.isEmpty()) active.add(waiting.poll());
                batch = List.copyOf(active);
            }
            step(batch);
        }
        synchronized (this) {
            for (Job j : active) j.done().completeExceptionally(new EngineStoppedException("the model was unloaded"));
            for (Job j : waiting) j.done().completeExceptionally(new EngineStoppedException("the model was unloaded"));
            active.clear();
            waiting.clear();
        }
    }

    private void step(List<Job> batch) {
        List<Segment> segments = new ArrayList<>();
        List<Job> inPass = new ArrayList<>();
        int promptBudget = PROMPT_TOKENS_PER_STEP;
        for (Job j : batch) {
            GenerationSequence s = j.sequence();
            if (s.finished()) continue;
            if (s.prefilling() && promptBudget <= 0) continue;
            int[] in = s.nextInput(Math.max(1, promptBudget));
            if (s.prefilling()) promptBudget -= in.length;
            segments.add(new Segment(s.session(), in));
            inPass.add(j);
        }
        long start = System.nanoTime();
        try {
            if (!segments.isEmpty()) {
                float[][] logits = model.forward(segments);
                for (int i = 0; i < inPass.size(); i++) inPass.get(i).sequence().accept(logits[i]);
            }
        } catch (RuntimeException | Error e) {
            // An Error too (an OutOfMemoryError growing a KV cache, a listener's assertion): left to kill this
            // thread it would leave every request of the model waiting forever, and its lease never released.
            for (Job j : inPass) {
                j.sequence().cancel();
                j.done().completeExceptionally(e);
            }
        }
        lastStepNanos = System.nanoTime() - start;
        synchronized (this) {
            active.removeIf(j -> {
                if (j.done().isDone()) return true;
                if (j.sequence().finished()) {
                    j.done().complete(j.sequence().result());
                    return true;
                }
                return false;
            });
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
