package io.tiergate.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM records entries continuously and is killed with SIGKILL (destroyForcibly): only
 * entries acknowledged within the last flush interval before the kill may be missing once the next
 * start has indexed the spool. Twice: at a pace the writer indexes at once, and busy (over 1,000
 * entries a second), when it defers indexing and everything the kill catches is only in the spool.
 */
class KillNineTest {
    private static final long FLUSH_MILLIS = 200;

    @TempDir
    Path dir;

    @Test
    void killMinusNineLosesAtMostTheLastFlushIntervalOnSqlite() throws Exception {
        assertKillLosesAtMostOneInterval(LedgerDatabase.sqliteUrl(dir.resolve("paced")), false);
    }

    @Test
    void killMinusNineWhileIndexingIsDeferredLosesNoMoreOnSqlite() throws Exception {
        assertKillLosesAtMostOneInterval(LedgerDatabase.sqliteUrl(dir.resolve("busy")), true);
    }

    /**
     * Runs {@link LedgerRecorderMain} on {@code url}, SIGKILLs it and checks what survived. With
     * {@code busy}, a report taken from this JVM while the child runs must already count entries
     * the child has only spooled, and the later recovery must not count them twice.
     */
    static void assertKillLosesAtMostOneInterval(String url, boolean busy) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                LedgerRecorderMain.class.getName(), url, Long.toString(FLUSH_MILLIS), busy ? "50" : "1000",
                busy ? "600000" : "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // index of each acknowledged entry -> when this process read the acknowledgement (nanoTime)
        ConcurrentSkipListMap<Long, Long> acked = new ConcurrentSkipListMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("ready")) {
                        ready.countDown();
                    } else {
                        acked.put(Long.parseLong(line), System.nanoTime());
                    }
                }
            } catch (java.io.IOException | NumberFormatException e) {
                // the child was killed mid-line
            }
        });
        try {
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("child started").isTrue();
            Thread.sleep(1_500);
            assertThat(acked).as("child records entries").isNotEmpty();
            if (busy) {
                assertThat(LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries"))
                        .as("the busy child defers indexing").isLessThan(acked.size() / 2);
                try (JdbcLedger report = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url))) {
                    long seen = report.summarize(io.tiergate.api.LedgerQuery.all(io.tiergate.api.LedgerQuery.GroupBy.NONE))
                            .rows().getFirst().requests();
                    assertThat(seen).as("a report indexes what a running gateway spooled").isGreaterThan(100);
                }
            }
        } finally {
            child.destroyForcibly();
        }
        long killedAt = System.nanoTime();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);

        // The next start indexes what the killed process left in its spool.
        new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url)).close();
        long rows = LedgerContract.scalar(url, "SELECT COUNT(*) FROM ledger_entries");
        assertThat(LedgerContract.scalar(url, "SELECT COUNT(DISTINCT request_id) FROM ledger_entries"))
                .as("no entry indexed twice").isEqualTo(rows);
        long maxIndex = LedgerContract.scalar(url, "SELECT COALESCE(MAX(CAST(SUBSTR(request_id, 5) AS INTEGER)), -1) FROM ledger_entries");
        // One writer, FIFO queue: what is durable is a prefix req-0 .. req-(rows-1).
        assertThat(maxIndex).isEqualTo(rows - 1);
        long cutoff = killedAt - TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
        long mustHave = acked.entrySet().stream().filter(e -> e.getValue() < cutoff)
                .mapToLong(java.util.Map.Entry::getKey).max().orElse(-1);
        assertThat(mustHave).as("entries acknowledged well before the kill").isGreaterThan(100);
        assertThat(rows - 1).as("every entry acknowledged more than one flush interval before the kill is durable")
                .isGreaterThanOrEqualTo(mustHave);
        long lost = acked.lastKey() + 1 - rows;
        System.out.printf("kill -9 (" + LedgerDatabase.unmigrated(url).dialect() + "): %d acknowledged, %d durable, %d lost%n", acked.lastKey() + 1, rows, lost);
    }
}
