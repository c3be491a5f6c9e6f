package io.tiergate.backends;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tiergate.api.Locality;
import io.tiergate.backends.pool.PoolConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The config records bind as the CLI binds YAML: kebab-case keys, unknown keys rejected, left-out keys defaulted. */
class ConfigBindingTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private <T> T bind(String json, Class<T> type) throws Exception {
        return mapper.readValue(json.replace('\'', '"'), type);
    }

    @Test
    void bindsABackendWithKebabKeysAndConfigSpellings() throws Exception {
        BackendConfig c = bind("{'id':'ollama-1','kind':'openai','base-url':'http://127.0.0.1:11434/v1','api-key':'k','quirks':'ollama',"
                + "'locality':'in-process','region':'eu-west-1','models':{'small':'qwen3:4b'},'timeouts':{'first-token':'PT2M'},"
                + "'headers':{'X-A':'b'}}", BackendConfig.class);
        assertThat(c.locality()).isEqualTo(Locality.IN_PROCESS);
        assertThat(c.apiKey()).contains("k");
        assertThat(c.region()).contains("eu-west-1");
        assertThat(c.upstreamModel("small")).isEqualTo("qwen3:4b");
        assertThat(c.timeouts().firstToken()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.timeouts().idle()).isEqualTo(BackendTimeouts.DEFAULT_IDLE);
        assertThat(c.headers()).isEqualTo(Map.of("X-A", "b"));
        assertThat(c.provider()).isEqualTo("ollama");
    }

    @Test
    void leavesOutKeysToDefaultsAndRejectsUnknownOnes() throws Exception {
        BackendConfig c = bind("{'id':'b','base-url':'https://api.openai.com/v1'}", BackendConfig.class);
        assertThat(c.locality()).isEqualTo(Locality.CLOUD);
        assertThat(c.apiKey()).isEmpty();
        assertThatThrownBy(() -> bind("{'id':'b','base-url':'http://x/v1','colour':'red'}", BackendConfig.class))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> bind("{'id':'b','base-url':'http://x/v1','locality':'moon'}", BackendConfig.class))
                .hasMessageContaining("unknown locality 'moon'");
    }

    @Test
    void bindsAPoolConfigWithDefaults() throws Exception {
        PoolConfig p = bind("{'max-attempts':5,'health-check-interval':'PT1S'}", PoolConfig.class);
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.healthCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.ejectAfterFailures()).isEqualTo(PoolConfig.defaults().ejectAfterFailures());
        assertThat(bind("{}", PoolConfig.class)).isEqualTo(PoolConfig.defaults());
    }
}
