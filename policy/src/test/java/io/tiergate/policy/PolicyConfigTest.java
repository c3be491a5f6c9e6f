package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {
    /** Bound the way the configuration loader binds YAML: kebab-case keys, unknown keys rejected. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void bindsKebabCaseConfiguration() throws Exception {
        String json = """
                {"default-policy": "eu-only",
                 "policies": {
                   "eu-only": {"mode": "cloud-if-clean", "on-sensitive": "mask", "allow-regions": ["eu-west-1"],
                               "detectors": [{"type": "employee_id", "patterns": ["EMP-\\\\d{6}"]}]},
                   "strict": {"mode": "sovereign"}},
                 "attach": {"teams": {"finance": "strict"}}}""";
        PolicyConfig config = MAPPER.readValue(json, PolicyConfig.class);
        assertThat(config.defaultPolicy()).isEqualTo("eu-only");
        PolicyDefinition eu = config.policies().get("eu-only");
        assertThat(eu.mode()).isEqualTo(PolicyMode.CLOUD_IF_CLEAN);
        assertThat(eu.onSensitive()).isEqualTo(SensitiveAction.MASK);
        assertThat(eu.allowRegions()).containsExactly("eu-west-1");
        assertThat(eu.detectors().getFirst().patterns()).containsExactly("EMP-\\d{6}");
        assertThat(config.policies().get("strict").onSensitive()).isEqualTo(SensitiveAction.ROUTE_LOCAL);
        assertThat(config.attach().teams()).containsEntry("finance", "strict");
    }

    @Test
    void rejectsUnknownKeysAndModes() {
        assertThatThrownBy(() -> MAPPER.readValue("{\"mode\": \"sovereign\", \"colour\": \"red\"}", PolicyDefinition.class))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> MAPPER.readValue("{\"mode\": \"offshore\"}", PolicyDefinition.class))
                .hasMessageContaining("offshore");
    }

    @Test
    void defaultPolicyAndAttachmentsMustNameKnownPolicies() {
        var defs = Map.of("a", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.DENY));
        assertThatThrownBy(() -> new PolicyConfig("b", defs, PolicyAttachments.none()))
                .hasMessageContaining("default-policy 'b'");
        assertThatThrownBy(() -> new PolicyConfig("a", defs, new PolicyAttachments(Map.of(), Map.of("ops", "zzz"), Map.of())))
                .hasMessageContaining("attach.teams.ops").hasMessageContaining("zzz");
        assertThatThrownBy(() -> new PolicyConfig("a", Map.of(), PolicyAttachments.none())).hasMessageContaining("policies");
    }

    @Test
    void definitionsValidateModeListsAndDetectors() {
        assertThatThrownBy(() -> new PolicyDefinition(null, null, null, null, null, null, null)).hasMessageContaining("mode is required");
        assertThatThrownBy(() -> new PolicyDefinition(PolicyMode.CLOUD_ALLOWED, null, List.of("openai"), List.of("OpenAI"), null, null, null))
                .hasMessageContaining("'openai' is in both");
        assertThatThrownBy(() -> new CustomDetectorConfig("employee_id", List.of("EMP-(\\d"), null))
                .hasMessageContaining("employee_id").hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> new CustomDetectorConfig("email", null, List.of("x"))).hasMessageContaining("built-in");
        assertThatThrownBy(() -> new CustomDetectorConfig("Bad Name", null, List.of("x"))).hasMessageContaining("snake_case");
        assertThatThrownBy(() -> new CustomDetectorConfig("empty", null, null)).hasMessageContaining("patterns or keywords");
    }

    @Test
    void defaultsOfferTheThreeModesAndMask() {
        PolicyConfig d = PolicyConfig.defaults();
        assertThat(d.policies()).containsOnlyKeys("sovereign", "cloud-if-clean", "cloud-allowed", "mask");
        assertThat(d.defaultPolicy()).isEqualTo("cloud-if-clean");
        assertThat(PolicyMode.fromConfig("cloud-allowed")).isEqualTo(PolicyMode.CLOUD_ALLOWED);
        assertThat(SensitiveAction.fromConfig("route-local")).isEqualTo(SensitiveAction.ROUTE_LOCAL);
        assertThatThrownBy(() -> SensitiveAction.fromConfig("shred")).hasMessageContaining("shred");
    }
}
