package io.tiergate.ledger.report;

import io.tiergate.api.LedgerEntry;
import io.tiergate.api.LedgerQuery;
import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.SampleEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AuditReportTest {
    @TempDir
    Path home;

    @Test
    void reportsGroupsTotalsSavingsAndTheWindow() {
        String url = LedgerDatabase.sqliteUrl(home);
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url))) {
            for (int i = 0; i < 10; i++) {
                ledger.record(SampleEntries.entry(i, t, "k", "m", i < 4 ? "cloud" : "local"));
            }
            ledger.flush();
            Clock now = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
            AuditReport report = AuditReport.build(ledger, LedgerQuery.all(LedgerQuery.GroupBy.TIER), now);
            assertThat(report.groupBy()).isEqualTo("tier");
            assertThat(report.since()).isEqualTo("1970-01-01T00:00:00Z");
            assertThat(report.until()).isEqualTo("2026-11-24T00:00:00Z");
            assertThat(report.rows()).extracting(AuditRow::group).containsExactly("cloud", "local");
            assertThat(report.rows()).extracting(AuditRow::requests).containsExactly(4L, 6L);
            assertThat(report.total().requests()).isEqualTo(10);
            assertThat(report.total().savingsMicros()).isCloseTo(85.0, within(1e-9)); // 10 x (10 - 1.5)
            assertThat(report.total().savingsPercent()).isCloseTo(85.0, within(1e-9));
            assertThat(report.total().totalTokens()).isEqualTo(report.total().promptTokens() + 200);
        }
    }

    @Test
    void splitsTheReportByKindAndCountsClampedRequests() {
        String url = LedgerDatabase.sqliteUrl(home);
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url))) {
            for (int i = 0; i < 5; i++) {
                LedgerEntry e = SampleEntries.entry(i, t, "k", "m", "local");
                ledger.record(i < 2 ? e.with(LedgerEntry.Kind.EMBEDDING, Optional.empty())
                        : e.with(LedgerEntry.Kind.CHAT, i == 4 ? Optional.of(new LedgerEntry.MaxTokensClamp(900, 300)) : Optional.empty()));
            }
            ledger.flush();
            Clock now = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
            AuditReport all = AuditReport.build(ledger, LedgerQuery.all(LedgerQuery.GroupBy.MODEL), now);
            assertThat(all.kind()).isEqualTo("all");
            assertThat(all.total().requests()).isEqualTo(5);
            assertThat(all.total().clampedRequests()).isEqualTo(1);
            assertThat(all.byKind()).extracting(AuditRow::group).containsExactly("chat", "embedding");
            assertThat(all.byKind()).extracting(AuditRow::requests).containsExactly(3L, 2L);
            assertThat(all.byKind()).extracting(AuditRow::clampedRequests).containsExactly(1L, 0L);
            assertThat(all.byKind()).extracting(AuditRow::costMicros).containsExactly(4.5, 3.0); // 1.5 each

            LedgerQuery embeddings = new LedgerQuery(Optional.empty(), Optional.empty(), LedgerQuery.GroupBy.NONE,
                    Optional.empty(), Optional.empty(), Optional.of(LedgerEntry.Kind.EMBEDDING));
            AuditReport onlyEmbeddings = AuditReport.build(ledger, embeddings, now);
            assertThat(onlyEmbeddings.kind()).isEqualTo("embedding");
            assertThat(onlyEmbeddings.total().requests()).isEqualTo(2);
            assertThat(onlyEmbeddings.byKind()).extracting(AuditRow::group).containsExactly("embedding");
        }
    }
}
