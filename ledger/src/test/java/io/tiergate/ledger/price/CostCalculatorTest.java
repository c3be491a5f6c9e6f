package io.tiergate.ledger.price;

import io.tiergate.api.Locality;
import io.tiergate.api.ModelPrice;
import io.tiergate.api.Usage;
import io.tiergate.ledger.LedgerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostCalculatorTest {
    // 1M prompt tokens of which 200k cached, 500k completion tokens of which 100k reasoning
    private static final Usage USAGE = new Usage(1_000_000, 500_000, 200_000, 100_000);

    @Test
    void pricesCachedAndReasoningTokensAtTheirOwnRates() {
        CostCalculator costs = CostCalculator.from(LedgerConfig.defaults());
        // gpt-4o-mini: 0.8M * $0.15 + 0.2M * $0.075 + 0.5M * $0.60 = $0.12 + $0.015 + $0.30
        assertThat(costs.costMicros("gpt-4o-mini", Locality.CLOUD, USAGE)).isCloseTo(435_000, within(1e-6));
        // baseline gpt-4o: 0.8 * 2.50 + 0.2 * 1.25 + 0.5 * 10 = $7.25
        assertThat(costs.counterfactualMicros(USAGE)).isCloseTo(7_250_000, within(1e-6));
    }

    @Test
    void estimatesBeforeTheCallWithTheFullCompletionBudget() {
        CostCalculator costs = CostCalculator.from(LedgerConfig.defaults());
        // gpt-4o: 1000 prompt tokens * $2.50/M + 500 * $10/M = 2500 + 5000 micros
        assertThat(costs.estimateMicros("gpt-4o", Locality.CLOUD, 1_000, 500)).isEqualTo(7_500);
        assertThat(costs.estimateMicros("gpt-4o-mini", Locality.CLOUD, 1, 0)).isEqualTo(1); // rounds up
        // an unpriced cloud model: nothing in the ledger's cost, the baseline's price against a budget
        assertThat(costs.costMicros("mystery-model", Locality.CLOUD, new io.tiergate.api.Usage(1_000, 500, 0, 0))).isZero();
        assertThat(costs.estimateMicros("mystery-model", Locality.CLOUD, 1_000, 500))
                .isEqualTo(costs.estimateMicros(costs.baselineModel(), Locality.CLOUD, 1_000, 500));
    }

    @Test
    void savingsAreCounterfactualMinusActual() {
        CostCalculator costs = CostCalculator.from(LedgerConfig.defaults());
        double actual = costs.costMicros("qwen3-1.7b", Locality.IN_PROCESS, USAGE);
        assertThat(actual).isZero();
        assertThat(costs.counterfactualMicros(USAGE) - actual).isCloseTo(7_250_000, within(1e-6));
    }

    @Test
    void matchesDatedProviderPrefixedAndCaseVariants() {
        PriceTable table = PriceTable.builtIn();
        assertThat(table.price("gpt-4o-2024-08-06")).isEqualTo(table.price("gpt-4o"));
        assertThat(table.price("gpt-4o-mini-2024-07-18")).isEqualTo(table.price("gpt-4o-mini"));
        assertThat(table.price("openai/GPT-4.1")).isEqualTo(table.price("gpt-4.1"));
        assertThat(table.price("o3-mini").orElseThrow().inputMicrosPerMillion()).isEqualTo(1_100_000);
        assertThat(table.price("claude-sonnet-4-5-20250929").orElseThrow().outputMicrosPerMillion()).isEqualTo(15_000_000);
        assertThat(table.price("no-such-model")).isEmpty();
    }

    @Test
    void aRememberedLookUpAnswersTheSameAndAPrefixMustEndAtADash() {
        PriceTable table = PriceTable.builtIn();
        for (int i = 0; i < 3; i++) {
            assertThat(table.price("GPT-4o-mini-2024-07-18")).isEqualTo(table.price("gpt-4o-mini")).isPresent();
            assertThat(table.price("fake-model")).isEmpty();
        }
        assertThat(table.price("gpt-4omni")).as("gpt-4o followed by a letter is another model").isEmpty();
    }

    @Test
    void configuredPricesOverrideTheTableAndLocalTiersCarryTheirOwnPrice() {
        ModelPrice local = new ModelPrice(10_000, 10_000, 20_000);
        LedgerConfig config = new LedgerConfig(true, java.util.Optional.empty(), java.time.Duration.ofMillis(200), 10, 100,
                java.time.Duration.ZERO, false, "gpt-4.1", Map.of("gpt-4o", new ModelPrice(1_000_000, 0, 1_000_000)), local, null);
        CostCalculator costs = CostCalculator.from(config);
        assertThat(costs.costMicros("gpt-4o", Locality.CLOUD, USAGE)).isCloseTo(800_000 + 500_000, within(1e-6));
        assertThat(costs.costMicros("qwen3-1.7b", Locality.LAN, USAGE)).isCloseTo(8_000 + 2_000 + 10_000, within(1e-6));
        assertThat(costs.costMicros("unknown-cloud-model", Locality.CLOUD, USAGE)).isZero();
        assertThat(costs.knowsPrice("unknown-cloud-model")).isFalse();
        // against a budget, an unpriced cloud model costs the baseline's price; an unpriced local one its tier's
        assertThat(costs.budgetMicros("unknown-cloud-model", Locality.CLOUD, USAGE)).isEqualTo(costs.counterfactualMicros(USAGE));
        assertThat(costs.budgetMicros("qwen3-1.7b", Locality.LAN, USAGE)).isCloseTo(8_000 + 2_000 + 10_000, within(1e-6));
        assertThat(costs.budgetMicros("gpt-4o", Locality.CLOUD, USAGE)).isCloseTo(800_000 + 500_000, within(1e-6));
        assertThat(costs.counterfactualMicros("gpt-4.1", USAGE)).isEqualTo(costs.counterfactualMicros(USAGE));
    }

    @Test
    void refusesABaselineWithoutAPrice() {
        LedgerConfig config = new LedgerConfig(true, java.util.Optional.empty(), java.time.Duration.ofMillis(200), 10, 100,
                java.time.Duration.ZERO, false, "my-frontier", Map.of(), ModelPrice.FREE, null);
        assertThatThrownBy(() -> CostCalculator.from(config)).hasMessageContaining("ledger.baseline-model 'my-frontier'");
    }
}
