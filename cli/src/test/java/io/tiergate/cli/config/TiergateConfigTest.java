package io.tiergate.cli.config;

import io.tiergate.api.Locality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TiergateConfigTest {
    static final Map<String, String> ENV = Map.of("TIERGATE_MASTER_KEY", "master-secret", "OPENAI_API_KEY", "sk-test");
    final YamlConfigReader reader = new YamlConfigReader(ENV::get);

    TiergateConfig read(String yaml) {
        return reader.read("t.yaml", yaml, TiergateConfig.class, Optional.of(TiergateConfig.defaults()));
    }

    @Test
    void theShippedExampleLoadsWithEveryKey() throws Exception {
        Path example = Path.of("..", "tiergate.example.yaml");
        TiergateConfig c = reader.read(example, TiergateConfig.class, Optional.of(TiergateConfig.defaults()));
        assertThat(c.server().masterKey()).contains("master-secret");
        assertThat(c.tiers()).extracting(TierConfig::name).containsExactly("lan", "cloud");
        assertThat(c.tiers().get(1).backends().getFirst().apiKey()).contains("sk-test");
        assertThat(c.tiers().getFirst().backends().getFirst().locality()).isEqualTo(Locality.LAN);
        assertThat(c.tiers().getFirst().backends().getFirst().timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.policy().policies()).containsKeys("finance", "sovereign", "cloud-if-clean");
        assertThat(c.aliases()).containsEntry("smart", "cloud/gpt-4o");
        assertThat(c.ledger().flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.engine().keepAlive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.engine().toEngineConfig().loadWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEmptyFileIsTheEmbeddedDefaults() {
        TiergateConfig c = read("");
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(4141);
        assertThat(c.server().maxBodyBytes()).isEqualTo(4L << 20);
        assertThat(c.tiers()).isEmpty();
        assertThat(c.ledger().enabled()).isTrue();
        assertThat(c.engine().enabled()).isTrue();
        assertThat(c.engine().loadWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPartialSectionKeepsTheOtherDefaults() {
        TiergateConfig c = read("ledger: {flush-interval: 50ms}\nserver: {port: 9000}\nengine: {parallel: 2, load-wait: 2s}");
        assertThat(c.ledger().flushInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.ledger().batchSize()).isEqualTo(500);
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.engine().parallel()).isEqualTo(2);
        assertThat(c.engine().contextLength()).isEqualTo(4096);
        assertThat(c.engine().toEngineConfig().loadWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.engine().toEngineConfig().keepAlive()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key | colour: blue                                                   | t.yaml: unknown key 'colour'
            unknown nested key    | server: {prot: 1}                                              | t.yaml: server: unknown key 'prot'
            port out of range     | server: {port: 70000}                                          | 70000 is not a port
            bad duration          | ledger: {flush-interval: soon}                                 | 'soon' is not a duration
            missing env var       | server: {master-key: 'env:NOPE_NOT_SET'}                       | server.master-key: environment variable NOPE_NOT_SET is not set
            bad locality          | tiers: [{name: a, backends: [{id: x, base-url: 'http://h/v1', locality: moon, models: {m: m}}]}] | unknown locality 'moon' (expected in-process, lan or cloud)
            tier without models   | tiers: [{name: a, backends: [{id: x, base-url: 'http://h/v1'}]}] | tier 'a' serves no model
            duplicate tier        | tiers: [{name: a, models: [m], backends: [{id: x, base-url: 'http://h/v1'}]}, {name: a, models: [m], backends: [{id: y, base-url: 'http://h/v1'}]}] | the name 'a' is used twice
            engine tier clash     | tiers: [{name: local, models: [m], backends: [{id: x, base-url: 'http://h/v1'}]}] | engine's tier name
            not yaml              | 'server: [unclosed'                                            | not valid YAML
            relative base url     | tiers: [{name: a, models: [m], backends: [{id: x, base-url: 'v1'}]}] | base-url must be an absolute http(s) URL
            unknown policy        | policy: {default-policy: nope}                                 | default-policy 'nope' is not one of policies
            """)
    void invalidConfigurationNamesTheFileTheKeyAndTheReason(String name, String yaml, String expected) {
        assertThatThrownBy(() -> read(yaml)).as(name).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml").hasMessageContaining(expected);
    }

    @Test
    void aMissingFileSaysSo(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThatThrownBy(() -> TiergateConfig.load(dir.resolve("none.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("none.yaml: file not found");
    }

    @Test
    void humanDurationsParse() {
        assertThat(HumanDurationDeserializer.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(HumanDurationDeserializer.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(HumanDurationDeserializer.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(HumanDurationDeserializer.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(HumanDurationDeserializer.parse("3")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void configFilesOnDiskLoad(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("tiergate.yaml");
        Files.writeString(f, "tiers:\n  - name: lan\n    backends:\n      - id: o\n        base-url: http://127.0.0.1:1/v1\n        models: {m: m}\n");
        assertThat(TiergateConfig.load(f).tiers().getFirst().models()).containsExactly("m");
    }
}
