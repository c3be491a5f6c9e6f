package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressGuardTest {
    private final EgressGuard guard = EgressGuard.of(List.of(
            URI.create("https://api.openai.com/v1"),
            URI.create("http://192.168.1.20:11434"),
            URI.create("http://[fd00::5]:8000/v1")));

    @Test
    void allowsConfiguredHostsAndPortsWhateverThePath() {
        assertThat(guard.allows(URI.create("https://api.openai.com/v1/chat/completions"))).isTrue();
        assertThat(guard.allows(URI.create("https://API.OpenAI.com:443/v1/models"))).isTrue();
        assertThat(guard.allows(URI.create("http://192.168.1.20:11434/api/chat"))).isTrue();
        assertThat(guard.allows(URI.create("http://[fd00::5]:8000/v1/chat/completions"))).isTrue();
    }

    @Test
    void refusesOtherHostsPortsAndSchemesWithEgressDenied() {
        for (String target : List.of("https://evil.example.net/v1", "https://api.openai.com:8443/v1", "http://192.168.1.20:8080/",
                "http://api.openai.com/v1", "https://api.openai.com.evil.net/v1", "file:///etc/passwd", "/relative/path")) {
            assertThat(guard.allows(URI.create(target))).as(target).isFalse();
            assertThatThrownBy(() -> guard.check(URI.create(target))).as(target)
                    .isInstanceOfSatisfying(EgressDeniedException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.code()).contains("egress_denied");
                    });
        }
    }

    @Test
    void messageNamesTheRefusedEndpoint() {
        assertThatThrownBy(() -> guard.check(URI.create("https://exfil.test:9999/upload")))
                .hasMessageContaining("exfil.test:9999");
    }

    @Test
    void noBackendsMeansNoEgressAndBadBaseUrlsAreConfigErrors() {
        assertThat(EgressGuard.of(List.of()).allows(URI.create("https://api.openai.com/"))).isFalse();
        assertThatThrownBy(() -> EgressGuard.of(List.of(URI.create("api.openai.com/v1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api.openai.com/v1");
    }
}
