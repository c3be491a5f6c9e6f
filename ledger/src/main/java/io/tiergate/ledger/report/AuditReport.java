package io.tiergate.ledger.report;

import io.tiergate.api.Ledger;
import io.tiergate.api.LedgerEntry;
import io.tiergate.api.LedgerQuery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An audit report over [{@code since}, {@code until}) (ISO-8601 instants; an open start is the epoch,
 * an open end the report time), grouped by {@code groupBy}, with the ungrouped {@code total}. {@code kind}
 * is the kind filter ({@code all}, {@code chat} or {@code embedding}) and {@code byKind} splits the total
 * into chat calls and embeddings (only the kinds that occur). Plain records of strings and numbers so any
 * JSON mapper writes it as is ({@code GET /v1/audit/summary}).
 */
public record AuditReport(String groupBy, String since, String until, List<AuditRow> rows, AuditRow total,
                          String kind, List<AuditRow> byKind) {

    public AuditReport {
        rows = List.copyOf(rows);
        byKind = List.copyOf(byKind);
    }

    public static AuditReport build(Ledger ledger, LedgerQuery query, Clock clock) {
        Instant now = clock.instant();
        List<AuditRow> rows = rows(ledger, query);
        AuditRow total = AuditRow.of(ledger.summarize(query.groupedBy(LedgerQuery.GroupBy.NONE)).rows().getFirst());
        List<AuditRow> byKind = query.groupBy() == LedgerQuery.GroupBy.KIND ? rows : rows(ledger, query.groupedBy(LedgerQuery.GroupBy.KIND));
        return new AuditReport(query.groupBy().name().toLowerCase(Locale.ROOT),
                query.since().orElse(Instant.EPOCH).toString(), query.until().orElse(now).toString(), rows, total,
                query.kind().map(LedgerEntry.Kind::wireName).orElse("all"), byKind);
    }

    private static List<AuditRow> rows(Ledger ledger, LedgerQuery query) {
        return ledger.summarize(query).rows().stream().map(AuditRow::of).toList();
    }
}
