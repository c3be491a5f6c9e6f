package io.tiergate.api;

import java.time.Instant;
import java.util.Optional;

/** Which entries to summarize and how to group them. */
public record LedgerQuery(Optional<Instant> since, Optional<Instant> until, GroupBy groupBy, Optional<String> keyId,
                          Optional<String> team) {
    public enum GroupBy { NONE, DAY, MODEL, TIER, KEY, TEAM, WORKFLOW }

    public static LedgerQuery all(GroupBy by) {
        return new LedgerQuery(Optional.empty(), Optional.empty(), by, Optional.empty(), Optional.empty());
    }
}
