package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.Locality;
import io.tiergate.api.Usage;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.Backends;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.RecordedRequest;
import io.tiergate.testkit.upstream.UpstreamBehavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** What the OpenAI-compatible backend sends and reads beyond the shared contract. */
class OpenAiCompatibleBackendTest {
    private static final ObjectMapper M = new ObjectMapper();
    private final FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static ChatRequest read(String json) {
        return OpenAiJson.readChatRequest(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode lastBody() throws Exception {
        return M.readTree(upstream.lastModelCall().body());
    }

    @Test
    void sendsTheKeyTheHeadersAndTheUpstreamsModelName() throws Exception {
        BackendConfig config = BackendConfig.openAi("groq", upstream.baseUri()).withQuirks("groq").withApiKey("sk-test")
                .withHeaders(Map.of("X-Team", "blue")).withModels(Map.of("fast", "llama-3.1-8b-instant"));
        try (var backend = Backends.create(config)) {
            ChatResponse r = ((BackendOutcome.Completed) backend.chat(ChatRequest.ofUser("fast", "hi"), ChatStream.DISCARD)).response();
            assertThat(r.text()).isEqualTo("You said: hi");
            RecordedRequest sent = upstream.lastModelCall();
            assertThat(sent.path()).isEqualTo("/v1/chat/completions");
            assertThat(sent.header("authorization")).contains("Bearer sk-test");
            assertThat(sent.header("x-team")).contains("blue");
            assertThat(lastBody().path("model").asText()).isEqualTo("llama-3.1-8b-instant");
            assertThat(backend.info().models()).containsExactly("fast");
            assertThat(backend.info().locality()).isEqualTo(Locality.LAN);
            assertThat(backend.info().provider()).isEqualTo("groq");
        }
    }

    @Test
    void alwaysAsksForUsageWhenStreamingAndForwardsEverythingElseFaithfully() throws Exception {
        ChatRequest r = read("{'model':'m','messages':[{'role':'user','content':'hi'}],'stream':true,'seed':3,'max_tokens':50,"
                + "'response_format':{'type':'json_object'},'tool_choice':'none','user':'u1','metadata':{'k':'v'},'parallel_tool_calls':false}");
        try (var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("o", upstream.baseUri()).withQuirks("openai"))) {
            backend.chat(r, ChatStream.DISCARD);
        }
        JsonNode sent = lastBody();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("seed").asInt()).isEqualTo(3);
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(sent.path("tool_choice").asText()).isEqualTo("none");
        assertThat(sent.path("user").asText()).isEqualTo("u1");
        assertThat(sent.path("metadata").path("k").asText()).isEqualTo("v");
        assertThat(sent.path("parallel_tool_calls").asBoolean(true)).isFalse();
    }

    @Test
    void quirksKeepFieldsAStrictServerRefusesOutOfTheRequest() throws Exception {
        upstream.rejectFields("stream_options", "max_completion_tokens", "top_k", "logprobs", "metadata");
        ChatRequest r = read("{'model':'m','messages':[{'role':'user','content':'hi there'}],'stream':true,'max_completion_tokens':2,"
                + "'top_k':4,'logprobs':true,'metadata':{'k':'v'}}");
        try (var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("mistral", upstream.baseUri()).withQuirks("mistral"))) {
            ChatResponse resp = ((BackendOutcome.Completed) backend.chat(r, ChatStream.DISCARD)).response();
            assertThat(resp.text()).isEqualTo("You said:");
            assertThat(resp.choices().getFirst().finishReason()).isEqualTo("length");
        }
        assertThat(lastBody().path("max_tokens").asInt()).isEqualTo(2);
        try (var strictFails = new OpenAiCompatibleBackend(BackendConfig.openAi("o", upstream.baseUri()).withQuirks("openai"))) {
            BackendFailure f = ((BackendOutcome.Failed) strictFails.chat(r, ChatStream.DISCARD)).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.CLIENT_ERROR);
            assertThat(f.message()).contains("Unrecognized request argument");
        }
    }

    @Test
    void readsCachedAndReasoningTokensAndLogprobs() {
        upstream.cachedTokens(1).reasoningTokens(2);
        ChatRequest r = read("{'model':'m','messages':[{'role':'user','content':'one two'}],'logprobs':true,'top_logprobs':2,'stream':true}");
        try (var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("o", upstream.baseUri()).withQuirks("vllm"))) {
            ChatResponse resp = ((BackendOutcome.Completed) backend.chat(r, ChatStream.DISCARD)).response();
            assertThat(resp.usage()).isEqualTo(new Usage(2, 4, 1, 2));
            var logprobs = resp.choices().getFirst().logprobs().orElseThrow();
            assertThat(logprobs).hasSize(4);
            assertThat(logprobs.getFirst().top()).hasSize(2);
        }
    }

    @Test
    void embedsAndMapsEmbeddingFailures() {
        try (var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("o", upstream.baseUri()).withModels(Map.of("emb", "nomic")))) {
            EmbeddingRequest req = new EmbeddingRequest("emb", List.of("alpha beta", "gamma"), OptionalInt.of(4), Optional.empty(), Map.of());
            EmbeddingOutcome.Completed c = (EmbeddingOutcome.Completed) backend.embed(req);
            assertThat(c.vectors()).hasSize(2);
            assertThat(c.vectors().get(0)).containsExactly(FakeOpenAiUpstream.vector("alpha beta", 4));
            assertThat(c.usage().promptTokens()).isEqualTo(3);
            assertThat(upstream.lastModelCall().path()).isEqualTo("/v1/embeddings");
            upstream.enqueue(UpstreamBehavior.failing(500, ""));
            BackendFailure f = ((EmbeddingOutcome.Failed) backend.embed(req)).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.SERVER_ERROR);
            assertThat(f.upstreamStatus()).contains(500);
        }
    }

    @Test
    void reusesItsConnectionAcrossCalls() {
        try (var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("o", upstream.baseUri()))) {
            for (int i = 0; i < 5; i++) backend.chat(ChatRequest.ofUser("m", "hi").withStream(i % 2 == 0, false), ChatStream.DISCARD);
        }
        assertThat(upstream.modelCalls()).hasSize(5);
        assertThat(upstream.connectionCount()).isEqualTo(1);
    }

    @Test
    void timesOutConnectingToAServerWhoseAcceptQueueIsFull() throws Exception {
        try (var full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                // never accepted: once the kernel's queue is full, further SYNs go unanswered
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                var timeouts = new BackendTimeouts(Duration.ofMillis(300), null, null, null);
                URI url = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/v1");
                try (var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("slow", url).withTimeouts(timeouts))) {
                    long start = System.nanoTime();
                    BackendFailure f = ((BackendOutcome.Failed) backend.chat(ChatRequest.ofUser("m", "hi"), ChatStream.DISCARD)).failure();
                    assertThat(f.kind()).isEqualTo(BackendFailure.Kind.TIMEOUT_CONNECT);
                    assertThat(f.retryable()).isTrue();
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                }
            } finally {
                for (Socket s : fillers) s.close();
            }
        }
    }

    @Test
    void keepsOneConnectionPerConcurrentCallerUnderLoad() throws Exception {
        try (var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("o", upstream.baseUri()))) {
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 20; i++) {
                        assertThat(backend.chat(ChatRequest.ofUser("m", "hi").withStream(i % 2 == 0, false), ChatStream.DISCARD))
                                .isInstanceOf(BackendOutcome.Completed.class);
                    }
                }));
            }
            for (Thread t : callers) t.join();
        }
        assertThat(upstream.modelCalls()).hasSize(320);
        assertThat(upstream.connectionCount()).isLessThanOrEqualTo(16);
    }

    @Test
    void passesOnAWholeAnswerToAStreamRequestAsAChunkAndReportsErrorBodies() {
        byte[] whole = ("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"all at once\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":3}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] error = "{\"error\":{\"message\":\"model is loading\"}}".getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (var server = new io.tiergate.testkit.upstream.LoopbackHttpServer((req, res) ->
                res.respond(200, Map.of("Content-Type", "application/json"), calls.getAndIncrement() == 0 ? whole : error));
             var backend = new OpenAiCompatibleBackend(BackendConfig.openAi("o", URI.create(server.uri() + "/v1")))) {
            List<io.tiergate.api.ChatChunk> chunks = new ArrayList<>();
            var outcome = backend.chat(ChatRequest.ofUser("m", "hi").withStream(true, false), chunks::add);
            assertThat(((BackendOutcome.Completed) outcome).response().text()).isEqualTo("all at once");
            assertThat(chunks).singleElement().satisfies(c -> {
                assertThat(c.choices().getFirst().content()).contains("all at once");
                assertThat(c.choices().getFirst().finishReason()).contains("stop");
            });
            BackendFailure f = ((BackendOutcome.Failed) backend.chat(ChatRequest.ofUser("m", "hi").withStream(true, false),
                    ChatStream.DISCARD)).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.PROTOCOL);
            assertThat(f.message()).contains("model is loading");
        }
    }
}
