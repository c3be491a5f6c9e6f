package io.tiergate.gateway.limits;

import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ModelNotFoundException;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.ModelTarget;
import io.tiergate.gateway.Tier;
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
 * also for failures (usually 0). Callers whose key has no limits (anonymous, the master key) pass freely.
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
                        limiter.commit(r, estimate, promptTokens + completionTokens);
                    } else {
                        limiter.commit(r, cost.budgetMicros(exchange), exchange.usage().totalTokens());
                    }
                };
            }
        };
    }

    /**
     * Tokens reached the client but no usage came back: a stream cut before its last chunk (the client
     * went away, or the upstream broke). The upstream bills those tokens all the same, so the call settles
     * at its reservation — the prompt estimate and max_tokens — rather than at zero, which would make
     * cutting streams a way around budgets and token limits.
     */
    static boolean billedWithoutUsage(io.tiergate.gateway.ChatExchange exchange) {
        return !exchange.embedding() && exchange.timeToFirstToken().isPresent() && exchange.usage().totalTokens() == 0;
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
