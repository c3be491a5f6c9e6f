package io.tiergate.backends;

import io.tiergate.api.Locality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendConfigTest {
    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:11434/v1,LAN", "http://localhost:1234/v1,LAN", "http://192.168.1.20:8000/v1,LAN",
            "http://gpu-box.local:8080/v1,LAN", "https://api.openai.com/v1,CLOUD", "https://8.8.8.8/v1,CLOUD"})
    void guessesLocalityFromTheHostWhenNotConfigured(String url, Locality expected) {
        assertThat(BackendConfig.openAi("b", URI.create(url)).locality()).isEqualTo(expected);
    }

    @Test
    void fillsDefaultsForKeysLeftOut() {
        BackendConfig c = new BackendConfig("b", null, URI.create("http://127.0.0.1:1/v1"), null, null, null, null, null, null, null, null);
        assertThat(c.kind()).isEqualTo("openai");
        assertThat(c.quirks()).isEqualTo("generic");
        assertThat(c.provider()).isEqualTo("generic");
        assertThat(c.apiKey()).isEmpty();
        assertThat(c.timeouts()).isEqualTo(BackendTimeouts.defaults());
        assertThat(c.upstreamModel("anything")).isEqualTo("anything");
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        URI url = URI.create("http://127.0.0.1:1");
        assertThatThrownBy(() -> new BackendConfig("b", "grpc", url, Optional.empty(), Map.of(), null, null, Optional.empty(), null, null, Map.of()))
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> new BackendConfig("b", "openai", URI.create("ftp://x/"), Optional.empty(), Map.of(), null, null,
                Optional.empty(), null, null, Map.of())).hasMessageContaining("base-url");
        assertThatThrownBy(() -> new BackendConfig("b", "openai", url, Optional.empty(), Map.of(), null, null, Optional.empty(), "ollamaa",
                null, Map.of())).hasMessageContaining("quirks").hasMessageContaining("ollamaa");
        assertThatThrownBy(() -> new BackendConfig(" ", "openai", url, Optional.empty(), Map.of(), null, null, Optional.empty(), null,
                null, Map.of())).hasMessageContaining("id");
        assertThatThrownBy(() -> new BackendTimeouts(Duration.ZERO, null, null, null)).hasMessageContaining("timeouts.connect");
    }
}
