package io.tiergate.cli.audit;

import io.tiergate.api.ModelPrice;
import io.tiergate.cli.config.ConfigException;
import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.cli.config.YamlConfigReader;
import io.tiergate.ledger.LedgerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code ledger:} section binds from YAML over the defaults, and bad values name their key. */
class LedgerConfigYamlTest {
    private static TiergateConfig read(String yaml) {
        return new YamlConfigReader(Map.<String, String>of()::get).read("t.yaml", yaml, TiergateConfig.class,
                Optional.of(TiergateConfig.defaults()));
    }

    @Test
    void bindsAPartialLedgerSectionOverTheDefaults() {
        LedgerConfig c = read("""
                ledger:
                  url: jdbc:postgresql://127.0.0.1:5432/audit
                  flush-interval: 100ms
                  max-index-lag: 0s
                  baseline-model: claude-sonnet-4
                  prices:
                    my-finetune: {input-micros-per-million: 1000000, cached-input-micros-per-million: 0, output-micros-per-million: 2000000}
                """).ledger();
        assertThat(c.enabled()).isTrue();
        assertThat(c.url()).contains("jdbc:postgresql://127.0.0.1:5432/audit");
        assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.maxIndexLag()).isZero();
        assertThat(LedgerConfig.defaults().maxIndexLag()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.batchSize()).isEqualTo(LedgerConfig.defaults().batchSize());
        assertThat(c.storeText()).isFalse();
        assertThat(c.prices()).containsEntry("my-finetune", new ModelPrice(1_000_000, 0, 2_000_000));
        assertThat(read("").ledger()).isEqualTo(LedgerConfig.defaults());
    }

    @Test
    void rejectsBadLedgerValuesNamingTheKey() {
        assertThatThrownBy(() -> read("ledger:\n  flush-interval: 30s\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ledger.flush-interval");
        assertThatThrownBy(() -> read("ledger:\n  max-index-lag: 2h\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ledger.max-index-lag");
        assertThatThrownBy(() -> read("ledger:\n  flush-intervall: 1s\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("flush-intervall");
    }
}
