package io.tiergate.ledger.limits;

import io.tiergate.api.TiergateException;
import io.tiergate.ledger.keys.KeyLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryUsageLimiterTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:15Z");

    static KeyLimits limits(Long day, Long month, Long rpm, Long tpm) {
        return new KeyLimits(opt(day), opt(month), opt(rpm), opt(tpm));
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Test
    void rejectsTheRequestOverTheMinuteLimitWithOpenAiHeadersAndResetsNextMinute() {
        SettableClock clock = new SettableClock(T0);
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(clock);
        KeyLimits l = limits(null, null, 3L, 1_000L);
        for (int i = 0; i < 3; i++) {
            Reservation r = (Reservation) limiter.reserve("k", l, 0, 100);
            assertThat(r.headers()).containsEntry("x-ratelimit-remaining-requests", Integer.toString(2 - i));
        }
        LimitDecision fourth = limiter.reserve("k", l, 0, 100);
        assertThat(fourth).isInstanceOfSatisfying(Rejection.class, rej -> {
            assertThat(rej.reason()).isEqualTo(Rejection.Reason.REQUESTS_PER_MINUTE);
            assertThat(rej.retryAfter()).isEqualTo(Duration.ofSeconds(45));
            assertThat(rej.headers()).containsEntry("x-ratelimit-limit-requests", "3")
                    .containsEntry("x-ratelimit-remaining-requests", "0")
                    .containsEntry("x-ratelimit-reset-requests", "45s")
                    .containsEntry("x-ratelimit-limit-tokens", "1000")
                    .containsEntry("x-ratelimit-remaining-tokens", "700");
            TiergateException e = rej.toException();
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).contains("rate_limit_exceeded");
            assertThat(e.headers()).containsEntry("retry-after", "45").containsKey("x-ratelimit-reset-tokens");
            assertThat(e.getMessage()).contains("requests per minute");
        });
        assertThat(limiter.reserve("other-key", l, 0, 100)).isInstanceOf(Reservation.class);
        clock.advance(Duration.ofSeconds(45));
        assertThat(limiter.reserve("k", l, 0, 100)).isInstanceOf(Reservation.class);
    }

    @Test
    void tokensPerMinuteCountEstimatesThenActuals() {
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(new SettableClock(T0));
        KeyLimits l = limits(null, null, null, 1_000L);
        Reservation r = (Reservation) limiter.reserve("k", l, 0, 900);
        assertThat(limiter.reserve("k", l, 0, 200)).isInstanceOfSatisfying(Rejection.class,
                rej -> assertThat(rej.reason()).isEqualTo(Rejection.Reason.TOKENS_PER_MINUTE));
        limiter.commit(r, 0, 300); // used far fewer than estimated
        assertThat(limiter.reserve("k", l, 0, 200)).isInstanceOf(Reservation.class);
    }

    @Test
    void dailyBudgetRejectsUntilMidnightUtcAndMonthlyUntilTheMonthEnds() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-30T23:00:00Z"));
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(clock);
        KeyLimits l = limits(1_000L, 1_500L, null, null);
        limiter.commit((Reservation) limiter.reserve("k", l, 600, 0), 1_000, 0);
        LimitDecision d = limiter.reserve("k", l, 1, 0);
        assertThat(d).isInstanceOfSatisfying(Rejection.class, rej -> {
            assertThat(rej.reason()).isEqualTo(Rejection.Reason.DAILY_BUDGET);
            assertThat(rej.retryAfter()).isEqualTo(Duration.ofHours(1));
            assertThat(rej.toException().code()).contains("budget_exceeded");
            assertThat(rej.toException().type()).isEqualTo("insufficient_quota");
        });
        clock.advance(Duration.ofHours(1)); // 2026-12-01: new day and new month
        limiter.commit((Reservation) limiter.reserve("k", l, 0, 0), 1_000, 0);
        clock.advance(Duration.ofDays(1));
        limiter.commit((Reservation) limiter.reserve("k", l, 0, 0), 600, 0);
        assertThat(limiter.reserve("k", l, 0, 0)).isInstanceOfSatisfying(Rejection.class,
                rej -> assertThat(rej.reason()).isEqualTo(Rejection.Reason.MONTHLY_BUDGET));
    }

    @Test
    void committingTwiceCountsOnce() {
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(new SettableClock(T0));
        Reservation r = (Reservation) limiter.reserve("k", KeyLimits.NONE, 0, 0);
        limiter.commit(r, 50, 0);
        limiter.commit(r, 50, 0);
        assertThat(limiter.spentToday("k")).isEqualTo(50);
    }

    @Test
    void refusesNegativeEstimates() {
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(new SettableClock(T0));
        assertThatThrownBy(() -> limiter.reserve("k", KeyLimits.NONE, -1, 0)).hasMessageContaining("must not be negative");
    }
}
