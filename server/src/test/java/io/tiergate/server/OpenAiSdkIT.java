package io.tiergate.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.server.Authentication;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK, pointed at Tiergate, in front of an OpenAI-compatible upstream on a real socket. */
class OpenAiSdkIT {
    static FakeOpenAiUpstream upstream;
    static OpenAiCompatibleBackend backend;
    static ServerHarness h;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        backend = new OpenAiCompatibleBackend(BackendConfig.openAi("vllm-1", upstream.baseUri())
                .withModels(Map.of("qwen-7b", "Qwen/Qwen2.5-7B-Instruct")));
        h = new ServerHarness(List.of(ServerHarness.tier("lan", 0, backend, "qwen-7b")), Authentication.OPEN, 1 << 20);
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + h.server.port() + "/v1").apiKey("sk-unused")
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        h.close();
        backend.close();
        upstream.close();
    }

    @Test
    void completesThroughTheSdkAndForwardsParametersFaithfully() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("auto").addSystemMessage("be brief").addUserMessage("hello world")
                .temperature(0.2).topP(0.9).seed(7L).maxCompletionTokens(50L).user("alice")
                .build());
        assertThat(c.choices().getFirst().message().content()).contains("You said: hello world");
        assertThat(c.usage().orElseThrow().promptTokens()).isPositive();
        String forwarded = upstream.lastModelCall().bodyText();
        assertThat(forwarded).contains("\"model\":\"Qwen/Qwen2.5-7B-Instruct\"").contains("\"seed\":7")
                .contains("\"temperature\":0.2").contains("\"top_p\":0.9").contains("\"user\":\"alice\"")
                .contains("\"role\":\"system\"");
    }

    @Test
    void streamsThroughTheSdkWithUsage() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("lan/qwen-7b")
                .addUserMessage("stream this please")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder text = new StringBuilder();
        long[] usage = {0};
        int[] chunks = {0};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks[0]++;
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        assertThat(text.toString()).isEqualTo("You said: stream this please");
        assertThat(chunks[0]).isGreaterThan(3);
        assertThat(usage[0]).isPositive();
    }

    @Test
    void roundTripsAToolCall() {
        FunctionDefinition weather = FunctionDefinition.builder().name("get_weather").description("weather for a city")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("text", Map.of("type", "string")))).build())
                .build();
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("auto")
                .addUserMessage("please call get_weather for Paris").addFunctionTool(weather).build();
        ChatCompletion c = client.chat().completions().create(first);
        assertThat(c.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");
        ChatCompletionMessageToolCall call = c.choices().getFirst().message().toolCalls().orElseThrow().getFirst();
        assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
        assertThat(call.asFunction().function().arguments()).contains("Paris");

        ChatCompletionCreateParams second = first.toBuilder()
                .addMessage(c.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id()).content("sunny, 21C").build())
                .build();
        ChatCompletion answer = client.chat().completions().create(second);
        assertThat(answer.choices().getFirst().message().content()).contains("Tool said: sunny, 21C");
        assertThat(upstream.lastModelCall().bodyText()).contains("\"tool_call_id\"").contains("\"tools\"");
    }

    @Test
    void streamsAToolCall() {
        FunctionDefinition lookup = FunctionDefinition.builder().name("lookup")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build()).build();
        StringBuilder args = new StringBuilder();
        String[] name = {""};
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("auto").addUserMessage("lookup the order 42").addFunctionTool(lookup).build())) {
            s.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().toolCalls().ifPresent(calls -> calls.forEach(tc -> {
                tc.function().flatMap(f -> f.name()).ifPresent(n -> name[0] = n);
                tc.function().flatMap(f -> f.arguments()).ifPresent(args::append);
            }))));
        }
        assertThat(name[0]).isEqualTo("lookup");
        assertThat(args.toString()).contains("order 42");
    }

    @Test
    void embedsThroughTheSdk() {
        com.openai.models.embeddings.CreateEmbeddingResponse e = client.embeddings().create(
                com.openai.models.embeddings.EmbeddingCreateParams.builder().model("lan/qwen-7b")
                        .inputOfArrayOfStrings(List.of("first text", "second text")).build());
        assertThat(e.data()).hasSize(2);
        assertThat(e.data().get(0).embedding()).isNotEmpty();
        assertThat(e.data().get(0).embedding()).isNotEqualTo(e.data().get(1).embedding());
        assertThat(upstream.lastModelCall().path()).endsWith("/embeddings");
    }

    @Test
    void sdkSeesOpenAiErrors() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("x").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-model");
        upstream.enqueue(io.tiergate.testkit.upstream.UpstreamBehavior.failing(422, "{\"error\":{\"message\":\"bad schema\",\"type\":\"invalid_request_error\"}}"));
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("auto").addUserMessage("x").build()))
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("bad schema");
    }
}
