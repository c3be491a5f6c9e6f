package io.tiergate.backends.pool;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The replicas of one tier behind one {@link Backend}. Each try goes to the available replica with
 * the fewest requests in flight (ties rotate), preferring replicas not yet tried for this request.
 * Retryable failures (connect errors, timeouts, 5xx, 429) are retried with exponential backoff and
 * jitter on another replica; a 429's Retry-After keeps that replica out for that long, and is waited
 * out only when no other replica is free and it is under the cap. Nothing is retried once a chunk
 * went to the client. Replicas are ejected after consecutive failures (calls or active probes on a
 * virtual thread) and re-admitted by a successful probe or after the cool-down. When every replica
 * is ejected the pool still tries them (better a likely failure than a certain one).
 * {@link #chatServed} tells which replica served.
 */
public final class ReplicaPool implements Backend {
    private final String id;
    private final List<Replica> replicas;
    private final PoolConfig config;
    private final BackendInfo info;
    private final AtomicInteger rotation = new AtomicInteger();
    private final Thread healthChecker;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param replicas one or more backends serving the same models; the pool owns and closes them */
    public ReplicaPool(String id, List<? extends Backend> replicas, PoolConfig config) {
        if (replicas.isEmpty()) throw new IllegalArgumentException("pool '" + id + "' needs at least one replica");
        this.id = id;
        this.config = config;
        this.replicas = replicas.stream().map(Replica::new).toList();
        Set<String> models = new LinkedHashSet<>();
        replicas.forEach(r -> models.addAll(r.info().models()));
        BackendInfo first = replicas.getFirst().info();
        this.info = new BackendInfo(id, first.locality(), first.provider(), first.region(), new ArrayList<>(models));
        this.healthChecker = config.healthCheckInterval().isZero() ? null
                : Thread.ofVirtual().name("tiergate-health-" + id).start(this::checkHealthForever);
    }

    /** The pool's own info: its id, the first replica's locality/provider/region, every replica's models. */
    @Override
    public BackendInfo info() {
        return info;
    }

    /** The replicas' infos, for residency decisions one by one. */
    public List<BackendInfo> replicaInfos() {
        return replicas.stream().map(r -> r.backend.info()).toList();
    }

    public List<ReplicaStatus> status() {
        long now = System.nanoTime();
        return replicas.stream().map(r -> new ReplicaStatus(r.backend.info(), !r.ejected() || r.available(now),
                r.outstanding.get(), r.consecutiveFailures.get())).toList();
    }

    @Override
    public BackendOutcome chat(ChatRequest request, ChatStream stream) {
        return chatServed(request, stream, b -> true).outcome();
    }

    /** Runs the call on replicas {@code admitted} accepts (e.g. the residency decision) and says which served. */
    public ServedOutcome chatServed(ChatRequest request, ChatStream stream, Predicate<BackendInfo> admitted) {
        return chatServed(request, ReplicaStream.ignoringReplica(stream), admitted);
    }

    /** As above, telling the stream which replica each chunk comes from. */
    public ServedOutcome chatServed(ChatRequest request, ReplicaStream stream, Predicate<BackendInfo> admitted) {
        AtomicBoolean started = new AtomicBoolean();
        Run<BackendOutcome> run = run(admitted, b -> b.chat(request, stream.forReplica(b.info(), () -> started.set(true))),
                o -> o instanceof BackendOutcome.Failed f ? Optional.of(f.failure()) : Optional.empty(), started);
        BackendOutcome outcome = run.result().orElseGet(() -> new BackendOutcome.Failed(run.failure()));
        return new ServedOutcome(outcome, run.servedBy(), run.attempts());
    }

    @Override
    public EmbeddingOutcome embed(EmbeddingRequest request) {
        return embedServed(request, b -> true).outcome();
    }

    /** Embeddings on replicas {@code admitted} accepts, saying which served. */
    public ServedEmbedding embedServed(EmbeddingRequest request, Predicate<BackendInfo> admitted) {
        Run<EmbeddingOutcome> run = run(admitted, b -> b.embed(request),
                o -> o instanceof EmbeddingOutcome.Failed f ? Optional.of(f.failure()) : Optional.empty(), new AtomicBoolean());
        return new ServedEmbedding(run.result().orElseGet(() -> new EmbeddingOutcome.Failed(run.failure())), run.servedBy(), run.attempts());
    }

    /** Probes every replica now (updating their health); true when at least one answers. */
    @Override
    public boolean probe() {
        boolean any = false;
        for (Replica r : replicas) any |= probe(r);
        return any;
    }

    private boolean probe(Replica r) {
        boolean up = r.backend.probe();
        if (up && r.ejected()) r.succeeded(); // re-admission; call failures of a live replica keep counting
        else if (!up) r.failedProbe(config, System.nanoTime());
        return up;
    }

    /** The last result when it succeeded or was final; otherwise {@code failure} is the last failure. */
    private record Run<T>(Optional<T> result, BackendFailure failure, Optional<BackendInfo> servedBy,
                          List<ServedOutcome.Attempt> attempts) {}

    private <T> Run<T> run(Predicate<BackendInfo> admitted, Function<Backend, T> call, Function<T, Optional<BackendFailure>> failureOf,
                           AtomicBoolean started) {
        List<ServedOutcome.Attempt> attempts = new ArrayList<>();
        Set<Replica> tried = new LinkedHashSet<>();
        Optional<BackendInfo> servedBy = Optional.empty();
        BackendFailure last = new BackendFailure(BackendFailure.Kind.UNSUPPORTED, id,
                "no replica of '" + id + "' is allowed to take this request", Optional.empty(), Optional.empty(), false);
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Optional<Replica> pick = pick(admitted, tried);
            if (pick.isEmpty()) break;
            Replica r = pick.get();
            if (attempt > 1) {
                Duration wait = config.backoff(attempt, ThreadLocalRandom.current());
                long cooling = r.coolingUntil() - System.nanoTime();
                if (cooling > wait.toNanos()) {
                    if (cooling > config.maxRetryAfter().toNanos()) break;
                    wait = Duration.ofNanos(cooling);
                }
                if (!sleep(wait)) break;
            }
            tried.add(r);
            servedBy = Optional.of(r.backend.info());
            long t0 = System.nanoTime();
            r.outstanding.incrementAndGet();
            T result;
            try {
                result = call.apply(r.backend);
            } finally {
                r.outstanding.decrementAndGet();
            }
            Optional<BackendFailure> failure = failureOf.apply(result);
            attempts.add(new ServedOutcome.Attempt(r.id(), failure, Duration.ofNanos(System.nanoTime() - t0)));
            if (failure.isEmpty()) {
                r.succeeded();
                return new Run<>(Optional.of(result), last, servedBy, attempts);
            }
            last = failure.get();
            r.failed(last, config, System.nanoTime());
            if (!last.retryable() || last.streamStarted() || started.get()) break;
        }
        return new Run<>(Optional.empty(), last, servedBy, attempts);
    }

    /** The free replica with the fewest requests in flight, untried first; cooling (429) and ejected ones last. */
    private Optional<Replica> pick(Predicate<BackendInfo> admitted, Set<Replica> tried) {
        long now = System.nanoTime();
        int n = replicas.size();
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        Replica best = null;
        int bestRank = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            Replica r = replicas.get((start + k) % n);
            if (!admitted.test(r.backend.info())) continue;
            // rank: 0 untried+available+not cooling, 1 tried, 2 cooling, 3 ejected; then fewest outstanding
            int rank = !r.available(now) ? 3 : r.coolingUntil() - now > 0 ? 2 : tried.contains(r) ? 1 : 0;
            int score = rank * 1_000_000 + Math.min(999_999, r.outstanding.get());
            if (score < bestRank) {
                best = r;
                bestRank = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void checkHealthForever() {
        while (!closed.get()) {
            if (!sleep(config.healthCheckInterval())) return;
            for (Replica r : replicas) {
                if (closed.get()) return;
                probe(r);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (healthChecker != null) healthChecker.interrupt();
        replicas.forEach(r -> r.backend.close());
    }
}
