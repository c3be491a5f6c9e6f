package io.tiergate.backends.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.Locality;
import io.tiergate.api.Role;
import io.tiergate.api.Usage;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.Backends;
import io.tiergate.testkit.upstream.FakeAnthropicUpstream;
import io.tiergate.testkit.upstream.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Anthropic backend sends and reads beyond the shared contract. */
class AnthropicBackendTest {
    private static final ObjectMapper M = new ObjectMapper();
    private final FakeAnthropicUpstream upstream = FakeAnthropicUpstream.start();

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void sendsKeyVersionSystemPromptAndUpstreamModel() throws Exception {
        BackendConfig config = BackendConfig.anthropic("claude", upstream.baseUri(), "sk-ant").withModels(Map.of("smart", "claude-sonnet-4-5"));
        ChatRequest r = ChatRequest.ofUser("smart", "hello").withMessages(List.of(ChatMessage.of(Role.SYSTEM, "be kind"),
                ChatMessage.of(Role.USER, "hello")));
        try (var backend = Backends.create(config)) {
            assertThat(backend).isInstanceOf(AnthropicBackend.class);
            ChatResponse resp = ((BackendOutcome.Completed) backend.chat(r, ChatStream.DISCARD)).response();
            assertThat(resp.text()).isEqualTo("You said: hello");
            assertThat(resp.usage().promptTokens()).as("system prompt counted").isEqualTo(3);
            assertThat(backend.info().provider()).isEqualTo("anthropic");
            assertThat(backend.info().locality()).isEqualTo(Locality.LAN);
        }
        RecordedRequest sent = upstream.lastModelCall();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).contains("sk-ant");
        assertThat(sent.header("anthropic-version")).contains(AnthropicBackend.API_VERSION);
        JsonNode body = M.readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("system").asText()).isEqualTo("be kind");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(AnthropicBackend.DEFAULT_MAX_TOKENS);
    }

    @Test
    void reportsCacheReadsAsCachedPromptTokensWhenStreaming() {
        upstream.cacheReadTokens(2);
        try (var backend = new AnthropicBackend(BackendConfig.anthropic("claude", upstream.baseUri(), "k"))) {
            ChatResponse r = ((BackendOutcome.Completed) backend.chat(ChatRequest.ofUser("c", "a b c").withStream(true, false),
                    ChatStream.DISCARD)).response();
            assertThat(r.usage()).isEqualTo(new Usage(3, 5, 2, 0));
        }
    }

    @Test
    void aMissingKeyIsAClientErrorWithTheApisMessage() {
        BackendConfig noKey = new BackendConfig("claude", "anthropic", upstream.baseUri(), Optional.empty(), Map.of(), null, null,
                Optional.empty(), null, null, Map.of());
        try (var backend = new AnthropicBackend(noKey)) {
            BackendFailure f = ((BackendOutcome.Failed) backend.chat(ChatRequest.ofUser("c", "hi"), ChatStream.DISCARD)).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.CLIENT_ERROR);
            assertThat(f.upstreamStatus()).contains(401);
            assertThat(f.message()).contains("x-api-key header is required");
            assertThat(backend.probe()).isFalse();
        }
    }

    @Test
    void acceptsABaseUrlThatAlreadyEndsInV1AndHasNoEmbeddings() {
        URI withV1 = URI.create(upstream.baseUri() + "/v1/");
        try (var backend = new AnthropicBackend(BackendConfig.anthropic("claude", withV1, "k"))) {
            assertThat(backend.chat(ChatRequest.ofUser("c", "hi"), ChatStream.DISCARD)).isInstanceOf(BackendOutcome.Completed.class);
            EmbeddingOutcome e = backend.embed(new EmbeddingRequest("c", List.of("x"), OptionalInt.empty(), Optional.empty(), Map.of()));
            assertThat(((EmbeddingOutcome.Failed) e).failure().kind()).isEqualTo(BackendFailure.Kind.UNSUPPORTED);
        }
    }
}
