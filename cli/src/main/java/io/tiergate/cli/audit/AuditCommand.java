package io.tiergate.cli.audit;

import io.tiergate.api.LedgerQuery;
import io.tiergate.api.TiergateException;
import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.report.AuditFilters;
import io.tiergate.ledger.report.AuditReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tiergate audit}: requests, tokens, cost, counterfactual cost, savings, latency and clamped max_tokens
 * from the ledger, split into chat calls and embeddings.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Summarize the audit ledger: requests, tokens, cost, savings against the baseline model, latency, "
                + "clamped max_tokens; chat calls and embeddings apart.")
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LedgerLocation location = new LedgerLocation();

    @Option(names = "--since", paramLabel = "WHEN", description = "Start: 2026-11-01, 2026-11-01T08:00:00Z, or back from now: 30m, 24h, 7d, 2w")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "End (exclusive), same forms as --since")
    String until;

    @Option(names = "--by", paramLabel = "GROUP", description = "Group by day, model, tier, key, team, workflow or kind (default: one total)")
    String by;

    @Option(names = "--key", description = "Only this key id")
    String key;

    @Option(names = "--team", description = "Only this team")
    String team;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only chat calls or only embeddings: chat or embedding (default: both)")
    String kind;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json (default: table)")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AuditFormat fmt = AuditFormat.parse(format);
            LedgerQuery query = AuditFilters.query(Optional.ofNullable(since), Optional.ofNullable(until),
                    Optional.ofNullable(by), Optional.ofNullable(key), Optional.ofNullable(team), Optional.ofNullable(kind),
                    Clock.systemUTC());
            LedgerDatabase db = location.open();
            AuditReport report;
            try (JdbcLedger ledger = location.ledger(db)) {
                report = AuditReport.build(ledger, query, Clock.systemUTC());
            }
            out.print(fmt.render(report));
            out.flush();
            return 0;
        } catch (TiergateException e) {
            err.println("tiergate audit: " + e.getMessage());
            err.flush();
            return e.status() == 400 ? 2 : 1;
        }
    }
}
