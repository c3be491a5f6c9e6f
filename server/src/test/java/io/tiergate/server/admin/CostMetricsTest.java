package io.tiergate.server.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ModelPrice;
import io.tiergate.api.Usage;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.RouteInfo;
import io.tiergate.gateway.limits.ExchangeCost;
import io.tiergate.ledger.price.CostCalculator;
import io.tiergate.ledger.price.PriceTable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The cost and token counters /metrics exports, read back from the Prometheus text format. */
class CostMetricsTest {
    /** 1 and 2 micro-dollars per input and output token; the baseline gpt-4o is 2.5 and 10. */
    private static final ModelPrice PRICE = new ModelPrice(1_000_000, 500_000, 2_000_000);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CostMetrics metrics = new CostMetrics(registry, new ExchangeCost(
            new CostCalculator(new PriceTable(Map.of("priced-model", PRICE)), "gpt-4o", ModelPrice.FREE), List.of()));

    @Test
    void sumsMoneyAndTokensPerLabelSetAcrossCalls() throws IOException {
        metrics.onExchange(exchange("alice", Optional.of("red"), new Usage(100, 50, 0, 0)));
        metrics.onExchange(exchange("alice", Optional.of("red"), new Usage(10, 5, 0, 0)));
        metrics.onExchange(exchange("bob", Optional.empty(), new Usage(1, 1, 0, 0)));

        String text = scrape();
        String alice = "key=\"alice\",model=\"priced-model\",team=\"red\",tier=\"lan\"";
        // (110 × 1 + 55 × 2) µ$ = 220 µ$; counterfactual (110 × 2.5 + 55 × 10) µ$ = 825 µ$.
        assertThat(value(text, "tiergate_cost_usd_total{" + alice + "}")).isEqualTo(220e-6, within(1e-12));
        assertThat(value(text, "tiergate_counterfactual_cost_usd_total{" + alice + "}"))
                .isEqualTo(825e-6, within(1e-12));
        assertThat(value(text, "tiergate_tokens_total{key=\"alice\",kind=\"prompt\",model=\"priced-model\",team=\"red\",tier=\"lan\"}")).isEqualTo(110);
        assertThat(value(text, "tiergate_tokens_total{key=\"alice\",kind=\"completion\",model=\"priced-model\",team=\"red\",tier=\"lan\"}")).isEqualTo(55);
        assertThat(value(text, "tiergate_tokens_total{key=\"bob\",kind=\"prompt\",model=\"priced-model\",team=\"none\",tier=\"lan\"}")).isEqualTo(1);
    }

    @Test
    void exportsATokenKindOnlyOnceItOccursAndSkipsCallsWithoutTokens() throws IOException {
        metrics.onExchange(exchange("alice", Optional.empty(), new Usage(0, 0, 0, 0)));
        assertThat(scrape()).doesNotContain("tiergate_tokens_total{").doesNotContain("tiergate_cost_usd_total{");

        metrics.onExchange(exchange("alice", Optional.empty(), new Usage(8, 2, 0, 0)));
        assertThat(scrape()).contains("kind=\"prompt\"").doesNotContain("kind=\"cached\"").doesNotContain("kind=\"reasoning\"");

        metrics.onExchange(exchange("alice", Optional.empty(), new Usage(8, 4, 6, 3)));
        String text = scrape();
        assertThat(value(text, "tiergate_tokens_total{key=\"alice\",kind=\"cached\",model=\"priced-model\",team=\"none\",tier=\"lan\"}")).isEqualTo(6);
        assertThat(value(text, "tiergate_tokens_total{key=\"alice\",kind=\"reasoning\",model=\"priced-model\",team=\"none\",tier=\"lan\"}")).isEqualTo(3);
        assertThat(value(text, "tiergate_tokens_total{key=\"alice\",kind=\"prompt\",model=\"priced-model\",team=\"none\",tier=\"lan\"}")).isEqualTo(16);
    }

    private static ChatExchange exchange(String key, Optional<String> team, Usage usage) {
        ChatRequest request = ChatRequest.ofUser("priced-model", "hello");
        return new ChatExchange(Instant.EPOCH, "req-1", new Caller(key, team, Optional.empty(), Optional.empty(), Optional.empty()),
                request, Optional.of(new RouteInfo("req-1", "lan", "b1", "priced-model", "explicit model", Optional.empty())),
                "none", "allow", List.of(), Optional.empty(), usage, Optional.empty(), Duration.ofMillis(3), 200,
                Optional.empty(), false);
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
    }
}
