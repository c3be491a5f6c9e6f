package io.tiergate.ledger.report;

import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.LedgerEntry;
import io.tiergate.api.LedgerQuery;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the report filters as people type them ({@code --since 7d}, {@code ?by=model}, {@code --kind embedding}); errors are
 * {@link InvalidRequestException}s naming the parameter, so the CLI prints and the API returns them as is.
 */
public final class AuditFilters {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([mhdw])");

    private AuditFilters() {}

    /** {@code 2026-11-01} (UTC midnight), an ISO instant, or a span back from now: {@code 30m 24h 7d 2w}. */
    public static Instant parseTime(String text, String param, Clock clock) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = RELATIVE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration span = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(span);
        }
        try {
            return s.contains("t") ? Instant.parse(text.strip().toUpperCase(Locale.ROOT))
                    : LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidRequestException("invalid " + param + " '" + text
                    + "': expected a date (2026-11-01), an ISO instant (2026-11-01T12:00:00Z) or a span like 24h, 7d", param);
        }
    }

    public static LedgerQuery.GroupBy parseGroupBy(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(LedgerQuery.GroupBy.values()).filter(g -> g.name().toLowerCase(Locale.ROOT).equals(s))
                .findFirst().orElseThrow(() -> new InvalidRequestException("invalid by '" + text
                        + "': expected one of none, day, model, tier, key, team, workflow, kind", "by"));
    }

    public static LedgerEntry.Kind parseKind(String text) {
        return LedgerEntry.Kind.ofWireName(text).orElseThrow(() -> new InvalidRequestException("invalid kind '" + text
                + "': expected chat or embedding", "kind"));
    }

    /** The query for optional raw filters, every kind of call (empty strings count as absent). */
    public static LedgerQuery query(Optional<String> since, Optional<String> until, Optional<String> by,
                                    Optional<String> keyId, Optional<String> team, Clock clock) {
        return query(since, until, by, keyId, team, Optional.empty(), clock);
    }

    /** The query for optional raw filters, {@code kind} included (empty strings count as absent). */
    public static LedgerQuery query(Optional<String> since, Optional<String> until, Optional<String> by,
                                    Optional<String> keyId, Optional<String> team, Optional<String> kind, Clock clock) {
        Optional<Instant> from = since.filter(s -> !s.isBlank()).map(s -> parseTime(s, "since", clock));
        Optional<Instant> to = until.filter(s -> !s.isBlank()).map(s -> parseTime(s, "until", clock));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidRequestException("since (" + from.get() + ") must be before until (" + to.get() + ")", "since");
        }
        LedgerQuery.GroupBy groupBy = by.filter(s -> !s.isBlank()).map(AuditFilters::parseGroupBy).orElse(LedgerQuery.GroupBy.NONE);
        return new LedgerQuery(from, to, groupBy, keyId.filter(s -> !s.isBlank()), team.filter(s -> !s.isBlank()),
                kind.filter(s -> !s.isBlank()).map(AuditFilters::parseKind));
    }
}
