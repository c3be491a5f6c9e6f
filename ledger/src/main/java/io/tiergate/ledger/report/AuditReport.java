package io.tiergate.ledger.report;

import io.tiergate.api.Ledger;
import io.tiergate.api.LedgerQuery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An audit report over [{@code since}, {@code until}) (ISO-8601 instants; an open start is the epoch,
 * an open end the report time), grouped by {@code groupBy}, with the ungrouped {@code total}. Plain
 * records of strings and numbers so any JSON mapper writes it as is ({@code GET /v1/audit/summary}).
 */
public record AuditReport(String groupBy, String since, String until, List<AuditRow> rows, AuditRow total) {

    public AuditReport {
        rows = List.copyOf(rows);
    }

    public static AuditReport build(Ledger ledger, LedgerQuery query, Clock clock) {
        Instant now = clock.instant();
        List<AuditRow> rows = ledger.summarize(query).rows().stream().map(AuditRow::of).toList();
        LedgerQuery ungrouped = new LedgerQuery(query.since(), query.until(), LedgerQuery.GroupBy.NONE, query.keyId(), query.team());
        AuditRow total = AuditRow.of(ledger.summarize(ungrouped).rows().getFirst());
        return new AuditReport(query.groupBy().name().toLowerCase(Locale.ROOT),
                query.since().orElse(Instant.EPOCH).toString(), query.until().orElse(now).toString(), rows, total);
    }
}
