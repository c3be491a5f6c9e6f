package io.tiergate.ledger;

import io.tiergate.api.LedgerEntry;
import io.tiergate.api.Usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Ledger entries for tests: deterministic numbers derived from an index. */
public final class SampleEntries {
    private SampleEntries() {}

    public static LedgerEntry entry(int i, Instant time, String key, String model, String tier) {
        return new LedgerEntry(time, "req-" + i, key, Optional.of("team-" + (i % 2)), Optional.empty(), Optional.empty(),
                "auto", model, tier, tier + "-backend", Optional.of(0.25), "short prompt", "allow", List.of(),
                new Usage(100 + i % 7, 20, 10, 5), Optional.of(Duration.ofMillis(5)), Duration.ofMillis(10 + i % 100),
                i % 10 == 0 ? 502 : 200, i % 10 == 0 ? Optional.of("upstream_error") : Optional.empty(),
                1.5, 10.0, Optional.of("secret prompt " + i), Optional.of("secret completion " + i));
    }

    public static LedgerEntry entry(int i) {
        return entry(i, Instant.now(), "key-a", "qwen3-1.7b", "local");
    }
}
