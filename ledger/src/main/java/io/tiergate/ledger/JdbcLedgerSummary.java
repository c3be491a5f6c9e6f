package io.tiergate.ledger;

import io.tiergate.api.LedgerQuery;
import io.tiergate.api.LedgerSummary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summarize} in SQL: sums and counts per group in one GROUP BY; latency percentiles with
 * {@code percentile_cont} on PostgreSQL and, since SQLite has none, by the same linear interpolation
 * in Java over the group's sorted latencies.
 */
final class JdbcLedgerSummary {

    private JdbcLedgerSummary() {}

    static LedgerSummary run(Connection c, LedgerDatabase.Dialect dialect, LedgerQuery q) throws SQLException {
        String group = groupExpression(dialect, q.groupBy());
        Where where = where(q);
        boolean grouped = q.groupBy() != LedgerQuery.GroupBy.NONE;
        boolean pg = dialect == LedgerDatabase.Dialect.POSTGRES;
        String percentiles = pg
                ? ", percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_micros), "
                  + "percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_micros), "
                  + "percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_micros)"
                : "";
        String sql = "SELECT " + group + " AS g, COUNT(*), COALESCE(SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), 0), "
                + "COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cached_tokens), 0), "
                + "COALESCE(SUM(reasoning_tokens), 0), COALESCE(SUM(cost_micros), 0), COALESCE(SUM(counterfactual_micros), 0), "
                + "COUNT(max_tokens_requested)"
                + percentiles + " FROM ledger_entries" + where.sql + (grouped ? " GROUP BY g ORDER BY g" : "");
        Map<String, double[]> javaPercentiles = pg ? Map.of() : latencyPercentiles(c, group, where);
        List<LedgerSummary.Row> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            where.bind(p);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String g = rs.getString(1);
                    double[] pct = pg
                            ? new double[] {rs.getDouble(11), rs.getDouble(12), rs.getDouble(13)}
                            : javaPercentiles.getOrDefault(g, new double[3]);
                    rows.add(new LedgerSummary.Row(g, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9),
                            pct[0] / 1_000.0, pct[1] / 1_000.0, pct[2] / 1_000.0, rs.getLong(10)));
                }
            }
        }
        return new LedgerSummary(q.groupBy(), rows);
    }

    /** p50/p95/p99 latency in microseconds per group. */
    private static Map<String, double[]> latencyPercentiles(Connection c, String group, Where where) throws SQLException {
        Map<String, List<Long>> byGroup = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + group + " AS g, latency_micros FROM ledger_entries"
                + where.sql + " ORDER BY g, latency_micros")) {
            where.bind(p);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    byGroup.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
        }
        Map<String, double[]> out = new HashMap<>();
        byGroup.forEach((g, sorted) -> out.put(g, new double[] {
                Percentiles.interpolated(sorted, 0.5), Percentiles.interpolated(sorted, 0.95), Percentiles.interpolated(sorted, 0.99)}));
        return out;
    }

    static String groupExpression(LedgerDatabase.Dialect dialect, LedgerQuery.GroupBy by) {
        return switch (by) {
            case NONE -> "'all'";
            case DAY -> dialect == LedgerDatabase.Dialect.POSTGRES
                    ? "to_char(to_timestamp(time_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
                    : "strftime('%Y-%m-%d', time_ms / 1000, 'unixepoch')";
            case MODEL -> "model_used";
            case TIER -> "tier";
            case KEY -> "key_id";
            case TEAM -> "COALESCE(team, '(none)')";
            case WORKFLOW -> "COALESCE(workflow, '(none)')";
            case KIND -> "kind";
        };
    }

    private record Where(String sql, List<Object> args) {
        void bind(PreparedStatement p) throws SQLException {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
        }
    }

    private static Where where(LedgerQuery q) {
        List<String> terms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        q.since().ifPresent(t -> { terms.add("time_ms >= ?"); args.add(t.toEpochMilli()); });
        q.until().ifPresent(t -> { terms.add("time_ms < ?"); args.add(t.toEpochMilli()); });
        q.keyId().ifPresent(k -> { terms.add("key_id = ?"); args.add(k); });
        q.team().ifPresent(t -> { terms.add("team = ?"); args.add(t); });
        q.kind().ifPresent(k -> { terms.add("kind = ?"); args.add(k.wireName()); });
        return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), args);
    }
}
