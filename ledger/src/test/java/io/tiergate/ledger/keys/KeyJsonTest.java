package io.tiergate.ledger.keys;

import io.tiergate.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyJsonTest {
    @Test
    void readsACreateBodyAndWritesTheKeyBack() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "bot");
        body.put("team", "growth");
        body.put("allowed_models", List.of("gpt-4o-mini"));
        body.put("budget_per_day_micros", 5_000_000);
        body.put("tokens_per_minute", 10_000L);
        body.put("requests_per_minute", null);
        KeySpec spec = KeyJson.spec(body);
        assertThat(spec.team()).contains("growth");
        assertThat(spec.limits().budgetPerDayMicros()).hasValue(5_000_000);
        assertThat(spec.limits().requestsPerMinute()).isEmpty();
        VirtualKey key = new VirtualKey("tg-abcdefgh", spec.name(), spec.team(), spec.policy(), spec.allowedModels(),
                spec.allowedTiers(), spec.limits(), Instant.parse("2026-11-24T00:00:00Z"), Optional.empty());
        Map<String, Object> view = KeyJson.view(key, Optional.of("tg-secret"));
        assertThat(view).containsEntry("id", "tg-abcdefgh").containsEntry("secret", "tg-secret")
                .containsEntry("budget_per_day_micros", 5_000_000L).containsEntry("requests_per_minute", null)
                .containsEntry("created_at", "2026-11-24T00:00:00Z");
        assertThat(KeyJson.view(key, Optional.empty())).doesNotContainKey("secret");
        assertThat(key.limits().tokensPerMinute()).isEqualTo(OptionalLong.of(10_000));
    }

    @Test
    void rejectsBadBodiesNamingTheField() {
        assertThatThrownBy(() -> KeyJson.spec(Map.of())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'name' is required");
        assertThatThrownBy(() -> KeyJson.spec(Map.of("name", "x", "budget", 5))).hasMessageContaining("unknown field 'budget'");
        assertThatThrownBy(() -> KeyJson.spec(Map.of("name", "x", "requests_per_minute", 1.5)))
                .hasMessageContaining("'requests_per_minute' must be a whole number");
        assertThatThrownBy(() -> KeyJson.spec(Map.of("name", "x", "allowed_models", "gpt-4o")))
                .hasMessageContaining("'allowed_models' must be a list of strings");
        assertThatThrownBy(() -> KeyJson.spec(Map.of("name", "x", "tokens_per_minute", -1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("tokens-per-minute must be positive");
    }
}
