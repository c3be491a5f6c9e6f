package io.tiergate.ledger.limits;

import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.keys.KeyLimits;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UsageLimiter} for one gateway process: counters per key in memory, fixed windows (clock
 * minute, UTC day, UTC month). Day and month spend survive restarts by being rebuilt from the ledger
 * ({@link #fromLedger}); minute counters start empty. Several gateways sharing a budget need a shared
 * implementation (Redis) of the same interface.
 */
public final class InMemoryUsageLimiter implements UsageLimiter {
    private final Clock clock;
    private final ConcurrentHashMap<String, KeyUsage> usage = new ConcurrentHashMap<>();

    public InMemoryUsageLimiter(Clock clock) {
        this.clock = clock;
    }

    /** A limiter whose day and month budgets already count what the ledger recorded this day and month. */
    public static InMemoryUsageLimiter fromLedger(JdbcLedger ledger, Clock clock) {
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(clock);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<String, Double> month = ledger.spendSince(today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Double> day = ledger.spendSince(today.atStartOfDay(ZoneOffset.UTC).toInstant());
        Set<String> keys = new HashSet<>(month.keySet());
        keys.addAll(day.keySet());
        for (String key : keys) {
            limiter.state(key).restore(now, day.getOrDefault(key, 0.0), month.getOrDefault(key, 0.0));
        }
        return limiter;
    }

    @Override
    public LimitDecision reserve(String keyId, KeyLimits limits, long estimatedCostMicros, long estimatedTokens) {
        if (estimatedCostMicros < 0 || estimatedTokens < 0) {
            throw new IllegalArgumentException("estimates must not be negative: cost " + estimatedCostMicros
                    + " micros, " + estimatedTokens + " tokens");
        }
        return state(keyId).reserve(keyId, limits, estimatedCostMicros, estimatedTokens, clock.instant());
    }

    @Override
    public void commit(Reservation reservation, double actualCostMicros, long actualTokens) {
        if (reservation.markCommitted()) {
            state(reservation.keyId()).commit(reservation, actualCostMicros, actualTokens, clock.instant());
        }
    }

    /** Committed spend of {@code keyId} in the current UTC day, micro-dollars. */
    public double spentToday(String keyId) {
        KeyUsage u = usage.get(keyId);
        return u == null ? 0 : u.spentToday(clock.instant());
    }

    private KeyUsage state(String keyId) {
        return usage.computeIfAbsent(keyId, k -> new KeyUsage());
    }
}
