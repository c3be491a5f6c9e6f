package io.tiergate.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Child process of {@link KillNineTest}: records entries {@code req-0, req-1, ...} continuously and
 * prints each index once {@code record} has returned (acknowledged), until it is killed.
 * Arguments: JDBC URL, flush interval in milliseconds, pause between entries in microseconds (1000
 * is ~800 entries/s, which the writer indexes at once; 50 is over 1,000/s, which makes it defer),
 * max index lag in milliseconds.
 */
public final class LedgerRecorderMain {
    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        LedgerConfig config = LedgerConfig.defaults().withUrl(url).withFlushInterval(Duration.ofMillis(Long.parseLong(args[1])))
                .withMaxIndexLag(Duration.ofMillis(Long.parseLong(args[3])));
        long pauseNanos = Long.parseLong(args[2]) * 1_000;
        JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config);
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; ; i++) {
            ledger.record(SampleEntries.entry(i, Instant.now(), "key-a", "m", "local"));
            System.out.println(i);
            System.out.flush();
            java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
        }
    }
}
