package io.tiergate.api;

import java.time.Instant;
import java.util.Optional;

/** Which entries to summarize and how to group them; {@code kind} keeps only chat calls or only embeddings. */
public record LedgerQuery(Optional<Instant> since, Optional<Instant> until, GroupBy groupBy, Optional<String> keyId,
                          Optional<String> team, Optional<LedgerEntry.Kind> kind) {
    public enum GroupBy { NONE, DAY, MODEL, TIER, KEY, TEAM, WORKFLOW, KIND }

    /** Every kind of call. */
    public LedgerQuery(Optional<Instant> since, Optional<Instant> until, GroupBy groupBy, Optional<String> keyId,
                       Optional<String> team) {
        this(since, until, groupBy, keyId, team, Optional.empty());
    }

    public static LedgerQuery all(GroupBy by) {
        return new LedgerQuery(Optional.empty(), Optional.empty(), by, Optional.empty(), Optional.empty());
    }

    /** The same filters, grouped by {@code by}. */
    public LedgerQuery groupedBy(GroupBy by) {
        return new LedgerQuery(since, until, by, keyId, team, kind);
    }
}
