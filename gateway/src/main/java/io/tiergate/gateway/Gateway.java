package io.tiergate.gateway;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendInfo;
import io.tiergate.backends.pool.ReplicaPool;
import io.tiergate.backends.pool.ReplicaStream;
import io.tiergate.backends.pool.ServedEmbedding;
import io.tiergate.backends.pool.ServedOutcome;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.PolicyDecision;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.api.TiergateException;
import io.tiergate.api.Usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one pipeline every chat request goes through, whatever wire it came in on:
 * admission (budgets, rate limits) → residency policy → plan (explicit model, pinned tier, or the
 * router over the allowed tiers) → the planned tiers in order until one answers → listeners (metrics,
 * audit). Fallbacks never leave the tiers the policy allowed, and nothing is retried once a stream
 * has begun.
 */
public final class Gateway {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    private final ModelResolver resolver;
    private final ResidencyPolicy policy;
    private final TierPlanner planner;
    private final Admission admission;
    private final List<ExchangeListener> listeners;

    public Gateway(ModelResolver resolver, ResidencyPolicy policy, TierPlanner planner, Admission admission,
                   List<ExchangeListener> listeners) {
        this.resolver = resolver;
        this.policy = policy;
        this.planner = planner;
        this.admission = admission;
        this.listeners = List.copyOf(listeners);
    }

    public ModelResolver models() {
        return resolver;
    }

    /**
     * Runs one chat call. Streams chunks to {@code stream} when {@code request.stream()}; returns the
     * assembled result either way. Failures are thrown as {@link TiergateException}s (after a stream
     * began, the caller must end the stream with an error event).
     */
    public ChatResult chat(ChatRequest request, Caller caller, RequestOptions options, GatewayStream stream) {
        return admitted(new Call(request, caller, options.requestId(), false), call -> {
            PolicyDecision.Allowed allowed = decide(call);
            TierPlan plan = planner.plan(allowed, resolver.resolve(request.model()), options);
            return runPlan(plan, allowed, options, stream, call);
        });
    }

    /**
     * Runs one call's body after admission; whatever its outcome, it settles the admission and reaches
     * every listener. A failure after a stream began keeps status 200 (the stream carries the error).
     */
    private <T> T admitted(Call call, Function<Call, T> body) {
        Admission.Ticket ticket = exchange -> {};
        try {
            ticket = admission.admit(call.caller, call.request);
            T result = body.apply(call);
            call.status = 200;
            return result;
        } catch (TiergateException e) {
            call.status = call.streamStarted ? 200 : e.status();
            call.errorCode = e.code().or(() -> Optional.of(e.type()));
            throw e;
        } catch (RuntimeException e) {
            call.status = 500;
            call.errorCode = Optional.of("internal_error");
            throw e;
        } finally {
            ChatExchange exchange = call.exchange();
            settle(ticket, exchange);
            for (ExchangeListener l : listeners) notify(l, exchange);
        }
    }

    /** The policy's verdict on the call's request, noted on the call; a denial is thrown (403). */
    private PolicyDecision.Allowed decide(Call call) {
        PolicyDecision decision = policy.decide(call.request, call.caller);
        call.policy = decision.policy();
        call.detected = decision.detectedTypes();
        PolicyDecision.Allowed allowed = switch (decision) {
            case PolicyDecision.Denied d -> {
                call.verdict = "denied";
                throw new PolicyDeniedException("Request denied by policy '" + d.policy() + "': " + d.reason());
            }
            case PolicyDecision.Allowed a -> a;
        };
        call.verdict = allowed.masked() ? "masked" : "allowed";
        return allowed;
    }

    /**
     * Embeds texts on the tier the model names ({@code auto} means the planner's first choice). The texts
     * pass the residency policy like chat content does; there is no fallback across tiers, since
     * vectors of different models do not mix. Admitted (rate limits, budgets) and handed to the
     * listeners (ledger, metrics) like a chat call, with prompt tokens only.
     */
    public EmbeddingResult embed(EmbeddingRequest request, Caller caller, RequestOptions options) {
        List<io.tiergate.api.ChatMessage> asMessages = request.input().stream()
                .map(t -> io.tiergate.api.ChatMessage.of(io.tiergate.api.Role.USER, t)).toList();
        // No completion: the budget reserves the inputs' tokens only. The request's other fields (user,
        // encoding_format …) reach the upstream as they came: the policy scans them too.
        ChatRequest probe = new ChatRequest(request.model(), asMessages, io.tiergate.api.GenerationParams.defaults().withMaxTokens(0),
                List.of(), Optional.empty(), Optional.empty(), false, false, request.user(), Map.of(), request.passthroughJson());
        return admitted(new Call(probe, caller, options.requestId(), true), call -> {
            PolicyDecision.Allowed allowed = decide(call);
            if (allowed.masked()) {
                throw new PolicyDeniedException("Policy '" + allowed.policy() + "' would mask sensitive data ("
                        + String.join(", ", allowed.detectedTypes()) + "), which would change what is embedded; use a local tier.");
            }
            TierPlan.Step step = planner.plan(allowed, resolver.resolve(request.model()), options).steps().getFirst();
            Tier tier = step.tier();
            RouteInfo route = new RouteInfo(options.requestId(), tier.name(), tier.backend().info().id(), step.model(),
                    "embeddings on tier '" + tier.name() + "'", Optional.empty(), resolver.modelLabel(tier.name(), step.model()));
            call.route = Optional.of(route);
            EmbeddingRequest toSend = request.withModel(step.model());
            EmbeddingOutcome outcome;
            if (tier.backend() instanceof ReplicaPool pool) {
                // only the replicas the policy admits, as for chat: a mixed tier's cloud replica must not see these texts
                ServedEmbedding served = pool.embedServed(toSend, info -> policy.admits(allowed, info));
                served.servedBy().ifPresent(info -> call.servedRoute(route, info.id()));
                outcome = served.outcome();
            } else {
                outcome = tier.backend().embed(toSend);
            }
            RouteInfo servedRoute = call.route.orElse(route);
            EmbeddingResult result = switch (outcome) {
                case EmbeddingOutcome.Completed c -> new EmbeddingResult(c, servedRoute);
                case EmbeddingOutcome.Failed f -> throw new UpstreamException(f.failure(), tier.name());
            };
            call.usage = result.embeddings().usage();
            return result;
        });
    }

    /** Embedding vectors and where they were computed. */
    public record EmbeddingResult(EmbeddingOutcome.Completed embeddings, RouteInfo route) {}

    private ChatResult runPlan(TierPlan plan, PolicyDecision.Allowed allowed, RequestOptions options, GatewayStream toCaller,
                               Call call) {
        // The caller sent the values the policy masked: its answer carries them again, placeholders replaced.
        Map<String, String> masked = allowed.placeholders();
        GatewayStream stream = masked.isEmpty() ? toCaller : new RestoringStream(toCaller, masked);
        BackendFailure last = null;
        String lastTier = "";
        for (TierPlan.Step step : plan.steps()) {
            Tier tier = step.tier();
            String reason = last == null ? plan.reason() : plan.reason() + "; fell back from tier '" + lastTier + "' ("
                    + last.kind().name().toLowerCase(java.util.Locale.ROOT) + ")";
            RouteInfo planned = new RouteInfo(options.requestId(), tier.name(), tier.backend().info().id(), step.model(),
                    reason, plan.score(), resolver.modelLabel(tier.name(), step.model()));
            call.route = Optional.of(planned);
            ChatRequest request = allowed.request().withModel(step.model());
            ReplicaStream forward = new ReplicaStream() {
                @Override
                public boolean onChunk(BackendInfo replica, ChatChunk chunk) {
                    return onChunk(replica, chunk, false);
                }

                @Override
                public boolean onChunk(BackendInfo replica, ChatChunk chunk, boolean hold) {
                    RouteInfo route = call.servedRoute(planned, replica.id());
                    call.firstChunk(chunk.choices().isEmpty() && chunk.usage().isPresent());
                    return stream.onChunk(route, chunk, hold);
                }

                @Override
                public void flush() {
                    stream.flush();
                }
            };
            BackendOutcome outcome;
            if (tier.backend() instanceof ReplicaPool pool) {
                ServedOutcome served = pool.chatServed(request, forward, info -> policy.admits(allowed, info));
                served.servedBy().ifPresent(info -> call.servedRoute(planned, info.id()));
                outcome = served.outcome();
            } else {
                BackendInfo only = tier.backend().info();
                outcome = tier.backend().chat(request, forward.forReplica(only, () -> { }));
            }
            switch (outcome) {
                case BackendOutcome.Completed c -> {
                    ChatResponse response = masked.isEmpty() ? c.response() : PlaceholderRestorer.restore(c.response(), masked);
                    call.response = Optional.of(response);
                    call.usage = response.usage();
                    if (call.ttftNanos.get() == 0) call.ttft = Optional.of(c.timeToFirstToken());
                    return new ChatResult(response, call.route.orElse(planned));
                }
                case BackendOutcome.Failed f -> {
                    BackendFailure failure = f.failure();
                    if (failure.streamStarted() || call.streamStarted || !failure.retryable()) {
                        throw new UpstreamException(failure, tier.name());
                    }
                    LOG.log(Level.INFO, () -> "request " + options.requestId() + ": tier " + tier.name() + " failed ("
                            + failure.kind() + "), trying the next planned tier");
                    last = failure;
                    lastTier = tier.name();
                }
            }
        }
        throw new UpstreamException(last, lastTier);
    }

    private static void settle(Admission.Ticket ticket, ChatExchange exchange) {
        try {
            ticket.settle(exchange);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "settling the request's budget failed", e);
        }
    }

    private static void notify(ExchangeListener l, ChatExchange exchange) {
        try {
            l.onExchange(exchange);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "exchange listener " + l.getClass().getName() + " failed", e);
        }
    }

    /** What one call has learned so far; becomes the {@link ChatExchange}. Confined to the request thread. */
    private static final class Call {
        final Instant start = Instant.now();
        final long startNanos = System.nanoTime();
        final ChatRequest request;
        final Caller caller;
        final String requestId;
        final AtomicLong ttftNanos = new AtomicLong();
        volatile Optional<RouteInfo> route = Optional.empty();
        String policy = "none";
        String verdict = "not-evaluated";
        List<String> detected = List.of();
        Optional<io.tiergate.api.ChatResponse> response = Optional.empty();
        Usage usage = Usage.ZERO;
        Optional<Duration> ttft = Optional.empty();
        int status = 500;
        Optional<String> errorCode = Optional.empty();
        volatile boolean streamStarted;
        final boolean embedding;

        Call(ChatRequest request, Caller caller, String requestId, boolean embedding) {
            this.request = request;
            this.caller = caller;
            this.requestId = requestId;
            this.embedding = embedding;
        }

        /** The planned route with the replica that actually serves; fixed once the first chunk named it. */
        RouteInfo servedRoute(RouteInfo planned, String replicaId) {
            RouteInfo current = route.orElse(planned);
            if (!current.backend().equals(replicaId) && !streamStarted) {
                current = planned.withBackend(replicaId);
                route = Optional.of(current);
            }
            return current;
        }

        void firstChunk(boolean usageOnly) {
            streamStarted = true;
            if (!usageOnly && ttftNanos.get() == 0 && ttftNanos.compareAndSet(0, System.nanoTime())) {
                ttft = Optional.of(Duration.ofNanos(ttftNanos.get() - startNanos));
            }
        }

        ChatExchange exchange() {
            return new ChatExchange(start, requestId, caller, request, route, policy, verdict, detected, response, usage, ttft,
                    Duration.ofNanos(System.nanoTime() - startNanos), status, errorCode, request.stream(), embedding);
        }
    }
}
