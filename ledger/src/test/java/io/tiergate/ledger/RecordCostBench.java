package io.tiergate.ledger;

import io.tiergate.api.LedgerEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Prints what {@code JdbcLedger.record} costs the calling thread (ns per call) and how fast the
 * writer commits, on SQLite in a temp dir. Not a test: run by hand,
 * {@code java -cp <test classpath> io.tiergate.ledger.RecordCostBench [entries]}.
 */
public final class RecordCostBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path home = Files.createTempDirectory("tiergate-ledger-bench");
        String url = LedgerDatabase.sqliteUrl(home);
        LedgerEntry[] entries = new LedgerEntry[n];
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            entries[i] = SampleEntries.entry(i, now, "k", "m", "t"); // built up front: measure record() only
        }
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url).withQueue(n, 500))) {
            for (int i = 0; i < 10_000; i++) {
                ledger.record(entries[i]); // warm-up
            }
            ledger.flush();
            long t0 = System.nanoTime();
            for (int i = 10_000; i < n; i++) {
                ledger.record(entries[i]);
            }
            long t1 = System.nanoTime();
            ledger.flush();
            long t2 = System.nanoTime();
            int measured = n - 10_000;
            System.out.printf("record(): %.0f ns/call on the request thread (%d calls)%n", (t1 - t0) / (double) measured, measured);
            System.out.printf("writer: %.0f entries/s committed to SQLite (WAL, batches <= 500)%n", measured / ((t2 - t0) / 1e9));
            System.out.println("stats: " + ledger.writerStats());
        }
    }
}
