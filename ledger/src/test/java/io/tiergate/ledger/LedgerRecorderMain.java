package io.tiergate.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Child process of {@link KillNineTest}: records entries {@code req-0, req-1, ...} continuously and
 * prints each index once {@code record} has returned (acknowledged), until it is killed.
 * Arguments: JDBC URL, flush interval in milliseconds.
 */
public final class LedgerRecorderMain {
    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        LedgerConfig config = LedgerConfig.defaults().withUrl(url).withFlushInterval(Duration.ofMillis(Long.parseLong(args[1])));
        JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config);
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; ; i++) {
            ledger.record(SampleEntries.entry(i, Instant.now(), "key-a", "m", "local"));
            System.out.println(i);
            System.out.flush();
            Thread.sleep(1);
        }
    }
}
