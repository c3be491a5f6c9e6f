package io.tiergate.ledger.limits;

import io.tiergate.ledger.keys.KeyLimits;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Counters of one key in fixed windows: the current clock minute (requests, tokens), UTC day and UTC
 * month (committed spend plus estimates still in flight, micro-dollars). All methods hold the lock of
 * this object, so a check and its increment are atomic per key.
 */
final class KeyUsage {
    private long minute = Long.MIN_VALUE;
    private long requests;
    private long tokens;
    private long day = Long.MIN_VALUE;
    private double daySpent;
    private long dayReserved;
    private long month = Long.MIN_VALUE;
    private double monthSpent;
    private long monthReserved;

    synchronized void restore(Instant now, double spentToday, double spentThisMonth) {
        roll(now);
        daySpent = spentToday;
        monthSpent = spentThisMonth;
    }

    synchronized LimitDecision reserve(String keyId, KeyLimits limits, long costMicros, long estTokens, Instant now) {
        roll(now);
        if (over(limits.requestsPerMinute(), requests, 1)) {
            return reject(Rejection.Reason.REQUESTS_PER_MINUTE, "Rate limit reached for key " + keyId
                    + " on requests per minute: limit " + limits.requestsPerMinute().getAsLong() + ".", untilNextMinute(now), limits, now);
        }
        if (over(limits.tokensPerMinute(), tokens, estTokens)) {
            return reject(Rejection.Reason.TOKENS_PER_MINUTE, "Rate limit reached for key " + keyId
                    + " on tokens per minute: limit " + limits.tokensPerMinute().getAsLong() + ", used " + tokens
                    + ", requested " + estTokens + ".", untilNextMinute(now), limits, now);
        }
        if (overBudget(limits.budgetPerDayMicros(), daySpent + dayReserved, costMicros)) {
            return reject(Rejection.Reason.DAILY_BUDGET, "Key " + keyId + " has used its daily budget of "
                    + dollars(limits.budgetPerDayMicros().getAsLong()) + ".", untilNextDay(now), limits, now);
        }
        if (overBudget(limits.budgetPerMonthMicros(), monthSpent + monthReserved, costMicros)) {
            return reject(Rejection.Reason.MONTHLY_BUDGET, "Key " + keyId + " has used its monthly budget of "
                    + dollars(limits.budgetPerMonthMicros().getAsLong()) + ".", untilNextMonth(now), limits, now);
        }
        requests++;
        tokens += estTokens;
        dayReserved += costMicros;
        monthReserved += costMicros;
        return new Reservation(keyId, costMicros, estTokens, minute, day, month, headers(limits, now));
    }

    synchronized void commit(Reservation r, double actualCostMicros, long actualTokens, Instant now) {
        roll(now);
        if (r.minute() == minute) {
            tokens = Math.max(0, tokens + actualTokens - r.estimatedTokens());
        }
        if (r.day() == day) {
            dayReserved -= r.estimatedCostMicros();
        }
        if (r.month() == month) {
            monthReserved -= r.estimatedCostMicros();
        }
        daySpent += actualCostMicros;
        monthSpent += actualCostMicros;
    }

    synchronized double spentToday(Instant now) {
        roll(now);
        return daySpent;
    }

    private void roll(Instant now) {
        long nowMinute = Math.floorDiv(now.toEpochMilli(), 60_000L);
        if (nowMinute != minute) {
            minute = nowMinute;
            requests = 0;
            tokens = 0;
        }
        LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (date.toEpochDay() != day) {
            day = date.toEpochDay();
            daySpent = 0;
            dayReserved = 0;
        }
        long nowMonth = date.getYear() * 12L + date.getMonthValue() - 1;
        if (nowMonth != month) {
            month = nowMonth;
            monthSpent = 0;
            monthReserved = 0;
        }
    }

    private static boolean over(OptionalLong limit, long used, long asking) {
        return limit.isPresent() && used + asking > limit.getAsLong();
    }

    /** Full once spend (with in-flight estimates) reaches the budget, or when this estimate would pass it. */
    private static boolean overBudget(OptionalLong budget, double used, long asking) {
        return budget.isPresent() && (used >= budget.getAsLong() || used + asking > budget.getAsLong());
    }

    private Rejection reject(Rejection.Reason reason, String message, Duration retryAfter, KeyLimits limits, Instant now) {
        return new Rejection(reason, message, retryAfter, headers(limits, now));
    }

    private Map<String, String> headers(KeyLimits limits, Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        String reset = RateLimitHeaders.duration(untilNextMinute(now));
        limits.requestsPerMinute().ifPresent(limit -> RateLimitHeaders.put(h, "requests", limit, requests, reset));
        limits.tokensPerMinute().ifPresent(limit -> RateLimitHeaders.put(h, "tokens", limit, tokens, reset));
        return h;
    }

    private static Duration untilNextMinute(Instant now) {
        long ms = now.toEpochMilli();
        return Duration.ofMillis(Math.floorDiv(ms, 60_000L) * 60_000L + 60_000L - ms);
    }

    private static Duration untilNextDay(Instant now) {
        LocalDate next = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        return Duration.between(now, next.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static Duration untilNextMonth(Instant now) {
        LocalDate next = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        return Duration.between(now, next.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static String dollars(long micros) {
        return String.format(java.util.Locale.ROOT, "$%.2f", micros / 1e6);
    }
}
