package io.tiergate.gateway.limits;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.GenerationParams;
import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.api.TiergateException;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.RequestOptions;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.TierPlanner;
import io.tiergate.gateway.UpstreamException;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.keys.KeyLimits;
import io.tiergate.ledger.limits.InMemoryUsageLimiter;
import io.tiergate.ledger.price.CostCalculator;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BudgetAdmission inside the real pipeline over dummy backends, priced with the built-in table
 * (gpt-4o: $2.50 in, $10 out per million tokens). "hello there" with max_tokens 100 is estimated at
 * 7 prompt + 100 completion tokens = 1018 micro-dollars; the dummy answers it with 2 prompt and
 * 4 completion tokens = 45 micro-dollars.
 */
class BudgetAdmissionTest {
    static final long ESTIMATE = 1018;
    static final double ACTUAL = 45;

    final DummyBackend local = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate");
    final DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
    final List<Tier> tiers = List.of(new Tier("local", 0, local, List.of("small"), List.of(local.info())),
            new Tier("cloud", 1, cloud, List.of("gpt-4o", "unpriced-model"), List.of(cloud.info())));
    final InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(Clock.systemUTC());
    final Map<String, KeyLimits> keys = new ConcurrentHashMap<>();
    final ModelResolver resolver = new ModelResolver(tiers, Map.of());
    final BudgetAdmission admission = new BudgetAdmission(limiter,
            new ExchangeCost(CostCalculator.from(LedgerConfig.defaults()), tiers), resolver,
            id -> Optional.ofNullable(keys.get(id)));
    final Gateway gateway = new Gateway(resolver, ResidencyPolicy.ALLOW_ALL,
            new TierPlanner(tiers, ResidencyPolicy.ALLOW_ALL, Optional.empty(), Optional.empty(), "local"), admission, List.of());

    static Caller caller(String key) {
        return new Caller(key, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ChatRequest hello(String model) {
        ChatRequest r = ChatRequest.ofUser(model, "hello there");
        return r.withParams(r.params().withMaxTokens(100));
    }

    static KeyLimits limits(long dayBudget, long rpm) {
        return new KeyLimits(dayBudget > 0 ? OptionalLong.of(dayBudget) : OptionalLong.empty(), OptionalLong.empty(),
                rpm > 0 ? OptionalLong.of(rpm) : OptionalLong.empty(), OptionalLong.empty());
    }

    void call(String key, String model) {
        gateway.chat(hello(model), caller(key), RequestOptions.of("r"), (route, chunk) -> true);
    }

    @Test
    void estimatesFromPromptSizeAndMaxTokensOnTheNamedModelOrTheDearestTierForAuto() {
        assertThat(PromptSize.estimateTokens(hello("x"))).isEqualTo(7);
        assertThat(admission.estimateMicros("gpt-4o", 7, 100)).isEqualTo(ESTIMATE);
        assertThat(admission.estimateMicros("auto", 7, 100)).isEqualTo(ESTIMATE);
        assertThat(admission.estimateMicros("small", 7, 100)).isZero(); // in-process, local price 0
        assertThat(admission.estimateMicros("no-such-model", 7, 100)).isZero();
    }

    @Test
    void settlesTheActualCostNotTheEstimate() {
        keys.put("tg-k", limits(1_000_000, 0));
        call("tg-k", "gpt-4o");
        call("tg-k", "gpt-4o");
        assertThat(limiter.spentToday("tg-k")).isEqualTo(2 * ACTUAL);
    }

    @Test
    void overTheRequestRateIsA429WithRateLimitHeaders() {
        keys.put("tg-r", limits(0, 2));
        call("tg-r", "small");
        call("tg-r", "small");
        assertThatThrownBy(() -> call("tg-r", "small")).isInstanceOfSatisfying(TiergateException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.type()).isEqualTo("requests");
            assertThat(e.code()).contains("rate_limit_exceeded");
            assertThat(e.headers()).containsEntry("x-ratelimit-limit-requests", "2")
                    .containsEntry("x-ratelimit-remaining-requests", "0").containsKey("retry-after");
        });
        assertThat(local.calls()).isEqualTo(2); // the rejected request never reached a backend
    }

    @Test
    void publishesRateLimitHeadersToTheEdgeOnAdmittedRequests() {
        keys.put("tg-h", limits(0, 10));
        Map<String, String> seen = new HashMap<>();
        ScopedValue.where(Admission.RESPONSE_HEADERS, seen::putAll).run(() -> call("tg-h", "small"));
        assertThat(seen).containsEntry("x-ratelimit-limit-requests", "10").containsEntry("x-ratelimit-remaining-requests", "9");
    }

    @Test
    void keysWithoutLimitsAndAnonymousCallersPassFreely() {
        keys.put("tg-free", KeyLimits.NONE);
        for (int i = 0; i < 50; i++) {
            call("tg-free", "gpt-4o");
            call("anonymous", "gpt-4o");
        }
        assertThat(cloud.calls()).isEqualTo(100);
        assertThat(limiter.spentToday("tg-free")).isZero();
    }

    @Test
    void aFailedCallReleasesItsReservation() {
        keys.put("tg-f", limits(ESTIMATE, 0)); // room for exactly one reservation
        cloud.failing(BackendFailure.Kind.SERVER_ERROR);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> call("tg-f", "gpt-4o")).isInstanceOf(UpstreamException.class);
        }
        assertThat(limiter.spentToday("tg-f")).isZero();
        cloud.healthy();
        call("tg-f", "gpt-4o");
        assertThat(limiter.spentToday("tg-f")).isEqualTo(ACTUAL);
    }

    @Test
    void anUnpricedCloudModelCountsAgainstBudgetsAtTheBaselinesPrice() {
        assertThat(admission.estimateMicros("unpriced-model", 7, 100)).as("gpt-4o is the baseline").isEqualTo(ESTIMATE);
        keys.put("tg-u", limits(1_000_000, 0));
        call("tg-u", "unpriced-model");
        assertThat(limiter.spentToday("tg-u")).isEqualTo(ACTUAL);
    }

    @Test
    void nChoicesReserveNTimesMaxTokens() {
        keys.put("tg-n", limits(2 * ESTIMATE, 0)); // room for two single answers, not for four
        ChatRequest one = hello("gpt-4o");
        GenerationParams p = one.params();
        ChatRequest four = one.withParams(new GenerationParams(p.maxTokens(), p.temperature(), p.topP(), p.topK(), p.minP(),
                p.repeatPenalty(), p.frequencyPenalty(), p.presencePenalty(), p.seed(), p.stop(), p.logprobs(), p.topLogprobs(),
                java.util.OptionalInt.of(4)));
        assertThatThrownBy(() -> gateway.chat(four, caller("tg-n"), RequestOptions.of("r"), (route, chunk) -> true))
                .isInstanceOfSatisfying(TiergateException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(cloud.calls()).isZero();
        call("tg-n", "gpt-4o");
        assertThat(cloud.calls()).isEqualTo(1);
    }

    @Test
    void aStreamCutBeforeItsUsageSettlesAtTheReservationNotAtZero() {
        keys.put("tg-s", limits(1_000_000, 0));
        cloud.breakingAfter(2);
        ChatRequest streamed = hello("gpt-4o").withStream(true, true);
        try {
            gateway.chat(streamed, caller("tg-s"), RequestOptions.of("r"), (route, chunk) -> true);
        } catch (TiergateException broken) {
            // the stream had begun: how it ends for the client is the edge's business
        }
        assertThat(limiter.spentToday("tg-s")).as("the upstream bills what it streamed").isEqualTo((double) ESTIMATE);
    }

    @Test
    void aCallTheUpstreamTookUpButThatEndedWithoutAnAnswerSettlesAtTheReservation() {
        keys.put("tg-c", limits(1_000_000, 0));
        double spent = 0;
        for (BackendFailure.Kind kind : List.of(BackendFailure.Kind.CANCELLED, BackendFailure.Kind.TIMEOUT_FIRST_TOKEN,
                BackendFailure.Kind.TIMEOUT_TOTAL, BackendFailure.Kind.STREAM_BROKEN)) {
            cloud.failing(kind);
            assertThatThrownBy(() -> call("tg-c", "gpt-4o")).isInstanceOf(UpstreamException.class);
            spent += ESTIMATE;
            assertThat(limiter.spentToday("tg-c")).as(kind + ": the upstream read the prompt and may have answered").isEqualTo(spent);
        }
    }

    @Test
    void aCallTheUpstreamRefusedOrNeverReachedCostsNothing() {
        keys.put("tg-z", limits(1_000_000, 0));
        for (BackendFailure.Kind kind : List.of(BackendFailure.Kind.CONNECT, BackendFailure.Kind.TIMEOUT_CONNECT,
                BackendFailure.Kind.RATE_LIMITED, BackendFailure.Kind.CLIENT_ERROR, BackendFailure.Kind.PROTOCOL)) {
            cloud.failing(kind);
            assertThatThrownBy(() -> call("tg-z", "gpt-4o")).isInstanceOf(UpstreamException.class);
        }
        assertThatThrownBy(() -> call("tg-z", "no-such-model")).isInstanceOf(TiergateException.class);
        assertThat(limiter.spentToday("tg-z")).isZero();
    }

    @Test
    void aCancelledAutoCallIsPricedOnTheTierItWentToNotTheDearest() {
        keys.put("tg-a", limits(1_000_000, 0));
        local.failing(BackendFailure.Kind.CANCELLED);
        assertThatThrownBy(() -> call("tg-a", "auto")).isInstanceOf(UpstreamException.class);
        assertThat(local.calls()).isEqualTo(1);
        assertThat(limiter.spentToday("tg-a")).as("reserved at gpt-4o's price, run in-process at price 0").isZero();
        cloud.failing(BackendFailure.Kind.CANCELLED);
        assertThatThrownBy(() -> call("tg-a", "cloud")).isInstanceOf(UpstreamException.class);
        assertThat(limiter.spentToday("tg-a")).isEqualTo((double) ESTIMATE);
    }

    @Test
    void aSpentDailyBudgetIsA429InsufficientQuota() {
        keys.put("tg-d", limits(5_000, 0));
        int admitted = 0;
        TiergateException rejected = null;
        while (rejected == null && admitted < 1_000) {
            try {
                call("tg-d", "gpt-4o");
                admitted++;
            } catch (TiergateException e) {
                rejected = e;
            }
        }
        // Admitted while committed spend + this estimate fit: floor((5000 - 1018) / 45) + 1 calls.
        assertThat(admitted).isEqualTo((int) ((5_000 - ESTIMATE) / ACTUAL) + 1);
        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.type()).isEqualTo("insufficient_quota");
        assertThat(rejected.code()).contains("budget_exceeded");
        assertThat(rejected.getMessage()).contains("daily budget");
        assertThat(limiter.spentToday("tg-d")).isLessThanOrEqualTo(5_000);
    }

    @Test
    void parallelRequestsDoNotOverspendTheBudget() throws Exception {
        long budget = 20_000;
        keys.put("tg-p", limits(budget, 0));
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        try {
                            call("tg-p", i % 2 == 0 ? "gpt-4o" : "auto");
                            admitted.incrementAndGet();
                        } catch (TiergateException e) {
                            assertThat(e.status()).isEqualTo(429);
                            rejected.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : runs) f.get();
        }
        assertThat(rejected.get()).isPositive();
        // Estimates are upper bounds here, so the spend never passes the budget at all.
        assertThat(limiter.spentToday("tg-p")).isLessThanOrEqualTo(budget).isGreaterThan(budget - 2.0 * ESTIMATE * 16);
        assertThat(local.calls() + cloud.calls()).isEqualTo(admitted.get());
    }
}
