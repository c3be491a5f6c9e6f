package io.tiergate.ledger;

import io.tiergate.api.LedgerEntry;
import io.tiergate.api.LedgerQuery;
import io.tiergate.api.LedgerSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What every ledger database must do; run against real SQLite and real PostgreSQL. */
abstract class LedgerContract {

    /** A new, empty database (a file or a schema) on each call. */
    abstract String freshUrl();

    static LedgerConfig config(String url) {
        return LedgerConfig.defaults().withUrl(url);
    }

    static long scalar(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    @Test
    void concurrentWritersGiveExactlyNEntriesWithCorrectSums() throws Exception {
        String url = freshUrl();
        int threads = 8;
        int perThread = 500;
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                writers.add(Thread.ofVirtual().start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < perThread; i++) {
                        ledger.record(SampleEntries.entry(base + i));
                    }
                }));
            }
            start.countDown();
            for (Thread w : writers) {
                w.join();
            }
            ledger.flush();
            int n = threads * perThread;
            LedgerSummary.Row all = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.NONE)).rows().getFirst();
            long expectedPrompt = 0;
            for (int i = 0; i < n; i++) {
                expectedPrompt += 100 + i % 7;
            }
            assertThat(all.requests()).isEqualTo(n);
            assertThat(all.errors()).isEqualTo(n / 10);
            assertThat(all.promptTokens()).isEqualTo(expectedPrompt);
            assertThat(all.completionTokens()).isEqualTo(20L * n);
            assertThat(all.cachedTokens()).isEqualTo(10L * n);
            assertThat(all.reasoningTokens()).isEqualTo(5L * n);
            assertThat(all.costMicros()).isCloseTo(1.5 * n, within(1e-6));
            assertThat(all.savingsMicros()).isCloseTo(8.5 * n, within(1e-6));
            assertThat(scalar(url, "SELECT COUNT(DISTINCT request_id) FROM ledger_entries")).isEqualTo(n);
            assertThat(ledger.writerStats().dropped()).isZero();
        }
    }

    @Test
    void gracefulCloseCommitsEverythingQueued() {
        String url = freshUrl();
        int n = 3_000;
        JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url).withQueue(n, 50));
        for (int i = 0; i < n; i++) {
            ledger.record(SampleEntries.entry(i));
        }
        ledger.close();
        assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(n);
    }

    @Test
    void summarizesByModelAndDayWithPercentiles() {
        String url = freshUrl();
        Instant day1 = Instant.parse("2026-11-01T10:00:00Z");
        Instant day2 = Instant.parse("2026-11-02T23:59:59Z");
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url))) {
            for (int i = 1; i <= 100; i++) {
                ledger.record(SampleEntries.entry(i, i <= 40 ? day1 : day2, "k", i % 2 == 0 ? "gpt-4o" : "qwen", "t"));
            }
            ledger.flush();
            LedgerSummary byDay = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.DAY));
            assertThat(byDay.rows()).extracting(LedgerSummary.Row::group).containsExactly("2026-11-01", "2026-11-02");
            assertThat(byDay.rows()).extracting(LedgerSummary.Row::requests).containsExactly(40L, 60L);
            LedgerSummary byModel = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.MODEL));
            assertThat(byModel.rows()).extracting(LedgerSummary.Row::group).containsExactly("gpt-4o", "qwen");
            // latencies 10 + i % 100 ms for i = 1..100: 11..109 and 10 once -> p50 of 10..109 = 59.5
            LedgerSummary.Row all = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.NONE)).rows().getFirst();
            assertThat(all.latencyP50Millis()).isCloseTo(59.5, within(1e-9));
            assertThat(all.latencyP95Millis()).isCloseTo(104.05, within(1e-9));
            assertThat(all.latencyP99Millis()).isCloseTo(108.01, within(1e-9));
            LedgerQuery window = new LedgerQuery(Optional.of(Instant.parse("2026-11-02T00:00:00Z")), Optional.empty(),
                    LedgerQuery.GroupBy.NONE, Optional.empty(), Optional.empty());
            assertThat(ledger.summarize(window).rows().getFirst().requests()).isEqualTo(60);
        }
    }

    @Test
    void emptyLedgerSummarizesToOneZeroRow() {
        String url = freshUrl();
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url))) {
            LedgerSummary s = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.NONE));
            assertThat(s.rows()).singleElement().satisfies(r -> {
                assertThat(r.group()).isEqualTo("all");
                assertThat(r.requests()).isZero();
            });
            assertThat(ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.TEAM)).rows()).isEmpty();
        }
    }

    @Test
    void keepsPromptAndCompletionTextOnlyWhenTurnedOn() {
        String off = freshUrl();
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(off), config(off))) {
            ledger.record(SampleEntries.entry(1));
        }
        assertThat(scalar(off, "SELECT COUNT(*) FROM ledger_entries WHERE prompt_text IS NULL AND completion_text IS NULL")).isEqualTo(1);
        String on = freshUrl();
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(on), config(on).withStoreText(true))) {
            ledger.record(SampleEntries.entry(1));
        }
        assertThat(scalar(on, "SELECT COUNT(*) FROM ledger_entries WHERE prompt_text = 'secret prompt 1'")).isEqualTo(1);
    }

    @Test
    // A broken oversized-record path would leave close() waiting for an index that never catches up:
    // fail after two minutes (the test takes seconds) rather than hang the build.
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void keepsTextsLongerThanTheSpoolsAppendBufferWholeAmongShortEntries() {
        // 1.5 MB prompts: more than the spool's 1 MiB append buffer, written on their own between buffered batches.
        String url = freshUrl();
        String huge = "x".repeat(1_500_000);
        int n = 3_000;
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url).withStoreText(true))) {
            for (int i = 0; i < n; i++) {
                LedgerEntry e = SampleEntries.entry(i);
                if (i == 7 || i == 1_500) {
                    e = new LedgerEntry(e.time(), e.requestId(), e.keyId(), e.team(), e.workflow(), e.step(),
                            e.modelRequested(), e.modelUsed(), e.tier(), e.backend(), e.routeScore(), e.routeReason(),
                            e.policyVerdict(), e.detectedTypes(), e.usage(), e.timeToFirstToken(), e.latency(), e.status(),
                            e.errorCode(), e.costMicros(), e.counterfactualCostMicros(), Optional.of(huge + i),
                            e.completionText());
                }
                ledger.record(e);
            }
        }
        assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries")).isEqualTo(n);
        assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE prompt_text = 'secret prompt 8'")).isEqualTo(1);
        assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE LENGTH(prompt_text) = " + (huge.length() + 1)
                + " AND request_id = 'req-7'")).isEqualTo(1);
        assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE LENGTH(prompt_text) = " + (huge.length() + 4)
                + " AND request_id = 'req-1500'")).isEqualTo(1);
    }

    @Test
    void migratesAnEmptyDatabaseToTheCurrentSchema() {
        String url = freshUrl();
        LedgerDatabase.open(url);
        assertThat(scalar(url, "SELECT MAX(version) FROM schema_version")).isEqualTo(SchemaMigrator.CURRENT_VERSION);
        LedgerDatabase.open(url); // a second start-up applies nothing and does not fail
        assertThat(scalar(url, "SELECT COUNT(*) FROM schema_version")).isEqualTo(SchemaMigrator.CURRENT_VERSION);
    }

    @Test
    void migratesEachEarlierSchemaKeepingItsEntries() throws SQLException {
        for (int from = 1; from < SchemaMigrator.CURRENT_VERSION; from++) {
            migratesKeepingEntries(from);
        }
    }

    private void migratesKeepingEntries(int fromVersion) throws SQLException {
        String url = freshUrl();
        LedgerDatabase old = LedgerDatabase.unmigrated(url);
        try (Connection c = old.connect()) {
            assertThat(SchemaMigrator.migrate(c, old.dialect(), fromVersion)).hasSize(fromVersion);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO ledger_entries (time_ms, request_id, key_id, "
                    + "model_requested, model_used, tier, backend, route_reason, policy_verdict, prompt_tokens, "
                    + "completion_tokens, cached_tokens, reasoning_tokens, latency_micros, status, cost_micros, "
                    + "counterfactual_micros) VALUES (?, 'old', 'k', 'm', 'm', 't', 'b', 'r', 'allow', 7, 3, 0, 0, 2000, 200, 4, 9)")) {
                p.setLong(1, Instant.parse("2026-10-01T00:00:00Z").toEpochMilli());
                p.executeUpdate();
            }
            // an embedding as session 7 recorded it: told apart only by its route reason and no completion
            try (PreparedStatement p = c.prepareStatement("INSERT INTO ledger_entries (time_ms, request_id, key_id, "
                    + "model_requested, model_used, tier, backend, route_reason, policy_verdict, prompt_tokens, "
                    + "completion_tokens, cached_tokens, reasoning_tokens, latency_micros, status, cost_micros, "
                    + "counterfactual_micros) VALUES (?, 'old-embed', 'k', 'e', 'e', 't', 'b', 'embeddings on tier ''t''', "
                    + "'allow', 5, 0, 0, 0, 1000, 200, 0, 0)")) {
                p.setLong(1, Instant.parse("2026-10-01T00:00:00Z").toEpochMilli());
                p.executeUpdate();
            }
        }
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url))) {
            assertThat(scalar(url, "SELECT MAX(version) FROM schema_version")).as("from V" + fromVersion)
                    .isEqualTo(SchemaMigrator.CURRENT_VERSION);
            LedgerEntry fresh = SampleEntries.entry(1);
            ledger.record(fresh);
            ledger.flush();
            LedgerSummary.Row all = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.NONE)).rows().getFirst();
            assertThat(all.requests()).isEqualTo(3);
            assertThat(all.promptTokens()).isEqualTo(7 + 5 + fresh.usage().promptTokens());
            assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE request_id = 'old' AND detected_types = ''")).isEqualTo(1);
            assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE request_id IN ('old', 'req-1') AND kind = 'chat' "
                    + "AND max_tokens_requested IS NULL AND max_tokens_granted IS NULL")).as("from V" + fromVersion).isEqualTo(2);
            assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE request_id = 'old-embed' AND kind = 'embedding'"))
                    .as("from V" + fromVersion).isEqualTo(1);
            assertThat(scalar(url, "SELECT COUNT(*) FROM virtual_keys")).isZero();
        }
    }

    @Test
    void keepsEachEntrysKindAndClampAndSummarizesByKind() {
        String url = freshUrl();
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url))) {
            for (int i = 1; i <= 6; i++) {
                LedgerEntry e = SampleEntries.entry(i, t, "k", "m", "local");
                ledger.record(i <= 2 ? e.with(LedgerEntry.Kind.EMBEDDING, Optional.empty())
                        : e.with(LedgerEntry.Kind.CHAT, i == 6 ? Optional.of(new LedgerEntry.MaxTokensClamp(2_048, 937)) : Optional.empty()));
            }
            ledger.flush();
            assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'embedding' AND request_id IN ('req-1', 'req-2')"))
                    .isEqualTo(2);
            assertThat(scalar(url, "SELECT max_tokens_requested * 10000 + max_tokens_granted FROM ledger_entries WHERE request_id = 'req-6'"))
                    .isEqualTo(2_048 * 10_000 + 937);
            assertThat(scalar(url, "SELECT COUNT(*) FROM ledger_entries WHERE max_tokens_requested IS NULL AND max_tokens_granted IS NULL"))
                    .isEqualTo(5);

            LedgerSummary byKind = ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.KIND));
            assertThat(byKind.rows()).extracting(LedgerSummary.Row::group).containsExactly("chat", "embedding");
            assertThat(byKind.rows()).extracting(LedgerSummary.Row::requests).containsExactly(4L, 2L);
            assertThat(byKind.rows()).extracting(LedgerSummary.Row::clampedRequests).containsExactly(1L, 0L);
            // prompt tokens are 100 + i % 7: the embeddings are i = 1 and 2
            assertThat(byKind.rows().get(1).promptTokens()).isEqualTo(101 + 102);

            LedgerQuery onlyEmbeddings = new LedgerQuery(Optional.empty(), Optional.empty(), LedgerQuery.GroupBy.NONE,
                    Optional.empty(), Optional.empty(), Optional.of(LedgerEntry.Kind.EMBEDDING));
            LedgerSummary.Row embeddings = ledger.summarize(onlyEmbeddings).rows().getFirst();
            assertThat(embeddings.requests()).isEqualTo(2);
            assertThat(embeddings.clampedRequests()).isZero();
            LedgerSummary.Row chats = ledger.summarize(new LedgerQuery(Optional.empty(), Optional.empty(), LedgerQuery.GroupBy.TIER,
                    Optional.of("k"), Optional.empty(), Optional.of(LedgerEntry.Kind.CHAT))).rows().getFirst();
            assertThat(chats.group()).isEqualTo("local");
            assertThat(chats.requests()).isEqualTo(4);
            assertThat(chats.clampedRequests()).isEqualTo(1);
            assertThat(ledger.summarize(LedgerQuery.all(LedgerQuery.GroupBy.NONE)).rows().getFirst().clampedRequests()).isEqualTo(1);
        }
    }

    @Test
    void recordAfterCloseIsDroppedNotThrown() {
        String url = freshUrl();
        JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), config(url));
        ledger.close();
        ledger.record(SampleEntries.entry(1));
        assertThat(ledger.writerStats().dropped()).isEqualTo(1);
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
