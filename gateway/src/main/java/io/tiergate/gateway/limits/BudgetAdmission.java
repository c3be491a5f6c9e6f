package io.tiergate.gateway.limits;

import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ModelNotFoundException;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.ModelTarget;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.UpstreamException;
import io.tiergate.ledger.keys.KeyLimits;
import io.tiergate.ledger.limits.LimitDecision;
import io.tiergate.ledger.limits.Rejection;
import io.tiergate.ledger.limits.Reservation;
import io.tiergate.ledger.limits.UsageLimiter;

import java.util.Optional;
import java.util.function.Function;

/**
 * Budgets and rate limits of virtual keys in front of the pipeline. Before the call it reserves an
 * upper estimate — the prompt's size ({@link PromptSize}) plus {@code max_tokens} (or
 * {@code defaultCompletionTokens} when the request sets none), priced on the model and tier the request
 * names, or on the dearest tier for {@code auto} — and answers 429 when the key is over a limit. When the
 * call ends, the ticket books the actual tokens and cost (priced like the ledger, by {@link ExchangeCost}),
 * also for failures: 0 for a call refused before or by the upstream, the reservation for one the upstream
 * took up but that ended without usage ({@link #billedWithoutUsage}). Callers whose key has no limits (anonymous, the master key) pass freely.
 */
public final class BudgetAdmission implements Admission {
    /** Completion tokens reserved for a request without {@code max_tokens}. */
    public static final int DEFAULT_COMPLETION_TOKENS = 512;

    private static final Ticket FREE = exchange -> {};

    private final UsageLimiter limiter;
    private final ExchangeCost cost;
    private final ModelResolver resolver;
    private final Function<String, Optional<KeyLimits>> limitsOf;
    private final int defaultCompletionTokens;

    /**
     * @param limitsOf the limits of a key id (empty for callers without a key); called on every request,
     *                 so it must be an in-memory lookup
     */
    public BudgetAdmission(UsageLimiter limiter, ExchangeCost cost, ModelResolver resolver,
                           Function<String, Optional<KeyLimits>> limitsOf, int defaultCompletionTokens) {
        if (defaultCompletionTokens < 0) {
            throw new IllegalArgumentException("the default completion estimate must not be negative, was " + defaultCompletionTokens);
        }
        this.limiter = limiter;
        this.cost = cost;
        this.resolver = resolver;
        this.limitsOf = limitsOf;
        this.defaultCompletionTokens = defaultCompletionTokens;
    }

    public BudgetAdmission(UsageLimiter limiter, ExchangeCost cost, ModelResolver resolver,
                           Function<String, Optional<KeyLimits>> limitsOf) {
        this(limiter, cost, resolver, limitsOf, DEFAULT_COMPLETION_TOKENS);
    }

    @Override
    public Ticket admit(Caller caller, ChatRequest request) {
        Optional<KeyLimits> limits = limitsOf.apply(caller.keyId()).filter(l -> !l.equals(KeyLimits.NONE));
        if (limits.isEmpty()) return FREE;
        long promptTokens = PromptSize.estimateTokens(request);
        // n choices each up to max_tokens
        long completionTokens = (long) request.params().maxTokens().orElse(defaultCompletionTokens) * request.params().n().orElse(1);
        long estimate = estimateMicros(request.model(), promptTokens, completionTokens);
        LimitDecision decision = limiter.reserve(caller.keyId(), limits.get(), estimate, promptTokens + completionTokens);
        return switch (decision) {
            case Rejection r -> throw r.toException();
            case Reservation r -> {
                Admission.publishHeaders(r.headers());
                yield exchange -> {
                    if (billedWithoutUsage(exchange)) {
                        limiter.commit(r, reservedOnRoute(exchange, estimate, promptTokens, completionTokens),
                                promptTokens + completionTokens);
                    } else {
                        limiter.commit(r, cost.budgetMicros(exchange), exchange.usage().totalTokens());
                    }
                };
            }
        };
    }

    /**
     * No usage came back, yet the upstream bills the call, so it settles at its reservation — the prompt
     * estimate and max_tokens (times n) — rather than at zero, which would make these a way around budgets and
     * token limits. Two cases:
     * <ul>
     * <li>tokens reached the client: a stream cut before its last chunk (the client went away, or the upstream
     *     broke);</li>
     * <li>no token reached the client, but the upstream had taken the call up ({@link UpstreamException#takenUp}):
     *     an unstreamed call whose client went away (the gateway cancels the upstream call), or one that timed out
     *     or broke off waiting for its answer. Repeating "send a large prompt, disconnect" spent upstream money
     *     outside every budget.</li>
     * </ul>
     * The completion side counts in full, not only the prompt: an unstreamed call reports nothing until its
     * end, so how much the upstream generated is unknown; servers that keep generating after the caller hangs
     * up bill all of it, and max_tokens is the bound the client itself chose (a client that wants a small
     * charge asks for few tokens). A call refused before any upstream contact (invalid, unknown model, policy,
     * budget, ledger full) or refused by the upstream (429, 5xx, 4xx, unreachable) costs nothing.
     */
    static boolean billedWithoutUsage(ChatExchange exchange) {
        if (exchange.usage().totalTokens() != 0) return false;
        boolean tokensSent = !exchange.embedding() && exchange.timeToFirstToken().isPresent();
        return tokensSent || exchange.errorCode().filter(UpstreamException::takenUpCode).isPresent();
    }

    /**
     * The reserved tokens priced on the tier and model the call went to, which for {@code auto} may be cheaper
     * than the dearest tier the reservation assumed; the reservation itself when the call had no route. Never
     * more than the reservation: that is what the budget admitted.
     */
    private long reservedOnRoute(ChatExchange exchange, long estimate, long promptTokens, long completionTokens) {
        return exchange.route().flatMap(r -> resolver.tier(r.tier())
                .map(t -> Math.min(estimate, cost.estimateMicros(t, r.model(), promptTokens, completionTokens)))).orElse(estimate);
    }

    /** The named tier and model's price; for {@code auto} the dearest tier's default model; 0 for an unknown model (the gateway answers 404). */
    long estimateMicros(String model, long promptTokens, long completionTokens) {
        ModelTarget target;
        try {
            target = resolver.resolve(model);
        } catch (ModelNotFoundException e) {
            return 0;
        }
        return switch (target) {
            case ModelTarget.Explicit e -> cost.estimateMicros(e.tier(), e.model(), promptTokens, completionTokens);
            case ModelTarget.Auto a -> {
                long max = 0;
                for (Tier t : resolver.tiers()) {
                    max = Math.max(max, cost.estimateMicros(t, t.defaultModel(), promptTokens, completionTokens));
                }
                yield max;
            }
        };
    }
}
