package io.tiergate.ledger.report;

import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.LedgerEntry;
import io.tiergate.api.LedgerQuery;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditFiltersTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void parsesDatesInstantsAndSpans() {
        assertThat(AuditFilters.parseTime("2026-11-01", "since", NOW)).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(AuditFilters.parseTime("2026-11-01T08:30:00Z", "since", NOW)).isEqualTo("2026-11-01T08:30:00Z");
        assertThat(AuditFilters.parseTime("24h", "since", NOW)).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(AuditFilters.parseTime("7d", "since", NOW)).isEqualTo("2026-11-17T12:00:00Z");
        assertThat(AuditFilters.parseTime("30m", "since", NOW)).isEqualTo("2026-11-24T11:30:00Z");
        assertThat(AuditFilters.parseGroupBy("Model")).isEqualTo(LedgerQuery.GroupBy.MODEL);
    }

    @Test
    void rejectsBadInputNamingTheParameter() {
        assertThatThrownBy(() -> AuditFilters.parseTime("yesterday", "since", NOW))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invalid since 'yesterday'").hasMessageContaining("7d")
                .satisfies(e -> assertThat(((InvalidRequestException) e).param()).contains("since"));
        assertThatThrownBy(() -> AuditFilters.parseTime("2026-13-01", "until", NOW)).hasMessageContaining("invalid until");
        assertThatThrownBy(() -> AuditFilters.parseGroupBy("region"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invalid by 'region'").hasMessageContaining("workflow");
        assertThatThrownBy(() -> AuditFilters.query(Optional.of("1d"), Optional.of("2d"), Optional.empty(),
                Optional.empty(), Optional.empty(), NOW)).hasMessageContaining("must be before until");
        assertThatThrownBy(() -> AuditFilters.query(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("other"), NOW))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("invalid kind 'other': expected chat or embedding")
                .satisfies(e -> assertThat(((InvalidRequestException) e).param()).contains("kind"));
    }

    @Test
    void parsesTheKindFilterAndTheKindGroup() {
        assertThat(AuditFilters.query(Optional.empty(), Optional.empty(), Optional.of("kind"), Optional.empty(),
                Optional.empty(), Optional.of(" Embedding "), NOW))
                .isEqualTo(new LedgerQuery(Optional.empty(), Optional.empty(), LedgerQuery.GroupBy.KIND, Optional.empty(),
                        Optional.empty(), Optional.of(LedgerEntry.Kind.EMBEDDING)));
        assertThat(AuditFilters.query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(""), NOW).kind()).isEmpty();
        assertThat(AuditFilters.parseKind("chat")).isEqualTo(LedgerEntry.Kind.CHAT);
    }
}
