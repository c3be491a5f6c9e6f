package io.tiergate.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreConfigTest {

    @TempDir Path dir;

    @Test
    void defaultsFollowTheEnvironment() {
        ModelStore s = StoreConfig.defaults().open(Map.of("TIERGATE_HOME", dir.toString(), "HF_ENDPOINT", "http://mirror.local/",
                "HF_TOKEN", "hf_x"));
        assertThat(s.paths().root()).isEqualTo(dir.resolve("models"));
        assertThat(s.hub().endpoint()).hasToString("http://mirror.local");
        assertThat(s.hub().bearer()).contains("Bearer hf_x");
        assertThat(StorePaths.fromEnvironment(Map.of(), dir).root()).isEqualTo(dir.resolve(".tiergate/models"));
    }

    @Test
    void explicitSettingsWinOverTheEnvironment() {
        ModelStore s = new StoreConfig(dir.toString(), "https://hf-mirror.com", "smollm2:360m", true)
                .open(Map.of("TIERGATE_HOME", "/elsewhere", "HF_ENDPOINT", "http://ignored"));
        assertThat(s.paths().root()).isEqualTo(dir.resolve("models"));
        assertThat(s.hub().endpoint()).hasToString("https://hf-mirror.com");
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> new StoreConfig("", "ftp://x", "qwen3:0.6b", true)).hasMessageContaining("store.hf-endpoint");
        assertThatThrownBy(() -> new StoreConfig("", "", " ", true)).hasMessageContaining("store.default-model");
        assertThatThrownBy(() -> new StoreConfig("", "", "nope:1b", true)).hasMessageContaining("unknown model alias 'nope:1b'");
    }
}
