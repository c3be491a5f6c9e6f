package io.tiergate.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.ledger.report.AuditReport;
import io.tiergate.ledger.report.AuditRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders an {@link AuditReport} as aligned tables (money in dollars; the split by kind below the groups), CSV
 * (micro-dollars; the groups only, {@code --by kind} gives the split) or JSON (everything).
 */
enum AuditFormat {
    TABLE, CSV, JSON;

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static AuditFormat parse(String text) {
        for (AuditFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new InvalidRequestException("invalid format '" + text + "': expected table, csv or json", "format");
    }

    String render(AuditReport report) {
        return switch (this) {
            case TABLE -> table(report);
            case CSV -> csv(report);
            case JSON -> json(report);
        };
    }

    private static String json(AuditReport report) {
        try {
            return JSON_MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit report is plain records and always serializes", e);
        }
    }

    private static String csv(AuditReport report) {
        StringBuilder s = new StringBuilder("group,requests,errors,prompt_tokens,completion_tokens,cached_tokens,"
                + "reasoning_tokens,total_tokens,cost_micros,counterfactual_cost_micros,savings_micros,savings_percent,"
                + "latency_p50_ms,latency_p95_ms,latency_p99_ms,clamped_requests\n");
        for (AuditRow r : withTotal(report)) {
            s.append(String.join(",", quote(r.group()), Long.toString(r.requests()), Long.toString(r.errors()),
                    Long.toString(r.promptTokens()), Long.toString(r.completionTokens()), Long.toString(r.cachedTokens()),
                    Long.toString(r.reasoningTokens()), Long.toString(r.totalTokens()), num(r.costMicros()),
                    num(r.counterfactualCostMicros()), num(r.savingsMicros()), num(r.savingsPercent()),
                    num(r.latencyP50Millis()), num(r.latencyP95Millis()), num(r.latencyP99Millis()),
                    Long.toString(r.clampedRequests()))).append('\n');
        }
        return s.toString();
    }

    /**
     * The groups and total, then the same split by kind (chat calls, embeddings) unless the report is
     * grouped by kind already or keeps one kind, which the title then names.
     */
    private static String table(AuditReport report) {
        StringBuilder s = new StringBuilder("Audit " + report.since() + " .. " + report.until()
                + (report.kind().equals("all") ? "" : " (" + report.kind() + " only)") + "\n");
        s.append(table(report.groupBy().equals("none") ? "" : report.groupBy().toUpperCase(Locale.ROOT), withTotal(report)));
        if (report.kind().equals("all") && !report.groupBy().equals("kind") && !report.byKind().isEmpty()) {
            s.append('\n').append(table("KIND", report.byKind()));
        }
        return s.toString();
    }

    private static String table(String groupHeader, List<AuditRow> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {groupHeader, "REQUESTS", "ERRORS", "TOKENS IN", "TOKENS OUT", "COST", "BASELINE COST",
                "SAVED", "SAVED %", "P50 MS", "P95 MS", "P99 MS", "CLAMPED"});
        for (AuditRow r : rows) {
            lines.add(new String[] {r.group(), Long.toString(r.requests()), Long.toString(r.errors()),
                    Long.toString(r.promptTokens()), Long.toString(r.completionTokens()), dollars(r.costMicros()),
                    dollars(r.counterfactualCostMicros()), dollars(r.savingsMicros()),
                    String.format(Locale.ROOT, "%.1f", r.savingsPercent()), ms(r.latencyP50Millis()),
                    ms(r.latencyP95Millis()), ms(r.latencyP99Millis()), Long.toString(r.clampedRequests())});
        }
        int[] width = new int[lines.getFirst().length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                s.append(i == 0 ? String.format("%-" + width[i] + "s", l[i]) : String.format("  %" + width[i] + "s", l[i]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The groups, then the total as a row named "total" (only when grouped: ungrouped, the one row is the total). */
    private static List<AuditRow> withTotal(AuditReport report) {
        if (report.groupBy().equals("none")) {
            return List.of(report.total());
        }
        List<AuditRow> rows = new ArrayList<>(report.rows());
        rows.add(report.total().named("total"));
        return rows;
    }

    private static String dollars(double micros) {
        return String.format(Locale.ROOT, "$%.4f", micros / 1e6);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
