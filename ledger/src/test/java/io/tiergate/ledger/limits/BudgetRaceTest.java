package io.tiergate.ledger.limits;

import io.tiergate.ledger.keys.KeyLimits;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads spending one key's budget at once. */
class BudgetRaceTest {
    private static final int THREADS = 32;

    @Test
    void exactEstimatesNeverOverspend() throws Exception {
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(Clock.systemUTC());
        KeyLimits l = InMemoryUsageLimiterTest.limits(1_000_000L, null, null, null);
        Result r = race(limiter, l, 10_000, 10_000);
        assertThat(r.admitted).isEqualTo(100);
        assertThat(r.spent).isEqualTo(1_000_000);
    }

    @Test
    void unknownEstimatesOverspendAtMostTheRequestsInFlight() throws Exception {
        InMemoryUsageLimiter limiter = new InMemoryUsageLimiter(Clock.systemUTC());
        KeyLimits l = InMemoryUsageLimiterTest.limits(1_000_000L, null, null, null);
        Result r = race(limiter, l, 0, 30_000);
        assertThat(r.spent).isGreaterThanOrEqualTo(1_000_000);
        // the last admission saw spend < budget; at most THREADS requests were in flight then
        assertThat(r.spent).isLessThan(1_000_000 + THREADS * 30_000L);
        assertThat(r.maxInFlight).isLessThanOrEqualTo(THREADS);
    }

    private record Result(long admitted, long spent, int maxInFlight) {}

    private static Result race(InMemoryUsageLimiter limiter, KeyLimits l, long estimate, long actual) throws InterruptedException {
        AtomicLong admitted = new AtomicLong();
        AtomicLong spent = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (limiter.reserve("k", l, estimate, 0) instanceof Reservation res) {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    admitted.incrementAndGet();
                    Thread.onSpinWait();
                    spent.addAndGet(actual);
                    inFlight.decrementAndGet();
                    limiter.commit(res, actual, 0);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(limiter.spentToday("k")).isEqualTo(spent.get());
        return new Result(admitted.get(), spent.get(), maxInFlight.get());
    }
}
