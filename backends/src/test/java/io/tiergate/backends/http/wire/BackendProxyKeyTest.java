package io.tiergate.backends.http.wire;

import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.Backends;
import io.tiergate.testkit.upstream.FakeAnthropicUpstream;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend's own {@code proxy:} key reaches its HTTP client: an OpenAI-compatible and an Anthropic
 * backend whose base URL names a host only the test proxy can reach ({@code *.example.test}, which
 * resolves nowhere) answer through it, and the proxy saw their requests.
 */
class BackendProxyKeyTest {

    private static URI named(URI base, String host) {
        return URI.create("http://" + host + ":" + base.getPort() + base.getPath());
    }

    private static void assertCompleted(BackendOutcome outcome) {
        assertThat(outcome).isInstanceOf(BackendOutcome.Completed.class);
        assertThat(((BackendOutcome.Completed) outcome).response().text()).isEqualTo("You said: via proxy");
    }

    @Test
    void anOpenAiCompatibleBackendUsesItsProxyKey() throws Exception {
        try (var upstream = FakeOpenAiUpstream.start(); var proxy = new ForwardProxy();
             var backend = Backends.create(BackendConfig.openAi("o", named(upstream.baseUri(), "openai.example.test"))
                     .withProxy(Optional.of(proxy.url())))) {
            assertCompleted(backend.chat(ChatRequest.ofUser("m", "via proxy"), ChatStream.DISCARD));
            assertThat(proxy.heads()).singleElement().asString().startsWith("POST http://openai.example.test:");
            assertThat(upstream.modelCalls()).hasSize(1);
        }
    }

    @Test
    void anAnthropicBackendUsesItsProxyKey() throws Exception {
        try (var upstream = FakeAnthropicUpstream.start(); var proxy = new ForwardProxy();
             var backend = Backends.create(BackendConfig.anthropic("c", named(upstream.baseUri(), "anthropic.example.test"), "k")
                     .withProxy(Optional.of(proxy.url())))) {
            assertCompleted(backend.chat(ChatRequest.ofUser("claude-x", "via proxy"), ChatStream.DISCARD));
            assertThat(proxy.heads()).singleElement().asString().startsWith("POST http://anthropic.example.test:");
            assertThat(upstream.modelCalls()).hasSize(1);
        }
    }
}
