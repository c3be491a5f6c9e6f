package io.tiergate.ledger.limits;

import io.tiergate.api.LedgerEntry;
import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.SampleEntries;
import io.tiergate.ledger.keys.KeyLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** After a restart, day and month budgets count what the ledger already recorded. */
class BudgetRebuildTest {
    @TempDir
    Path home;

    @Test
    void rebuildsTodaysAndThisMonthsSpendFromTheLedger() {
        String url = LedgerDatabase.sqliteUrl(home);
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url))) {
            // each sample entry costs 1.5 micros: 4 today, 6 earlier this month, 10 last month
            for (int i = 0; i < 20; i++) {
                Instant t = i < 4 ? Instant.parse("2026-11-24T01:00:00Z")
                        : i < 10 ? Instant.parse("2026-11-03T01:00:00Z") : Instant.parse("2026-10-31T23:00:00Z");
                LedgerEntry e = SampleEntries.entry(i, t, i % 2 == 0 || i < 10 ? "k" : "other", "m", "t");
                ledger.record(e);
            }
            ledger.flush();
            InMemoryUsageLimiter limiter = InMemoryUsageLimiter.fromLedger(ledger, clock);
            assertThat(limiter.spentToday("k")).isEqualTo(6.0);
            KeyLimits day = InMemoryUsageLimiterTest.limits(7L, null, null, null);
            assertThat(limiter.reserve("k", day, 1, 0)).isInstanceOf(Reservation.class);
            assertThat(limiter.reserve("k", day, 1, 0)).isInstanceOf(Rejection.class); // 6 + 1 in flight + 1 > 7
            KeyLimits month = InMemoryUsageLimiterTest.limits(null, 15L, null, null);
            assertThat(limiter.reserve("k", month, 0, 0)).isInstanceOf(Rejection.class); // 15 spent this month
            assertThat(limiter.reserve("other", month, 0, 0)).isInstanceOf(Reservation.class);
        }
    }
}
