package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiJsonResponseTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static Stream<String> responses() {
        return Stream.of(
                "{'id':'c1','object':'chat.completion','created':5,'model':'m','choices':[{'index':0,'message':{'role':'assistant','content':'hi'},'logprobs':null,'finish_reason':'stop'}],'usage':{'prompt_tokens':3,'completion_tokens':1,'total_tokens':4,'prompt_tokens_details':{'cached_tokens':2},'completion_tokens_details':{'reasoning_tokens':0}},'system_fingerprint':'fp'}",
                "{'id':'c2','object':'chat.completion','created':6,'model':'m','choices':[{'index':0,'message':{'role':'assistant','content':null,'tool_calls':[{'id':'t','type':'function','function':{'name':'f','arguments':'{}'}}]},'logprobs':null,'finish_reason':'tool_calls'}],'usage':{'prompt_tokens':1,'completion_tokens':2,'total_tokens':3,'prompt_tokens_details':{'cached_tokens':0},'completion_tokens_details':{'reasoning_tokens':1}}}",
                "{'id':'c3','object':'chat.completion','created':7,'model':'m','choices':[{'index':0,'message':{'role':'assistant','content':'ab'},'logprobs':{'content':[{'token':'ab','logprob':-0.5,'bytes':[97,98],'top_logprobs':[{'token':'x','logprob':-2.0,'bytes':[120]}]}]},'finish_reason':'length'}],'usage':{'prompt_tokens':1,'completion_tokens':1,'total_tokens':2,'prompt_tokens_details':{'cached_tokens':0},'completion_tokens_details':{'reasoning_tokens':0}}}");
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responseSurvivesTheRoundTrip(String wire) throws Exception {
        ChatResponse r = OpenAiJson.readChatResponse(json(wire));
        assertThat(M.readTree(OpenAiJson.writeChatResponse(r))).isEqualTo(M.readTree(json(wire)));
    }

    @Test
    void readsUsageDetailsAndToolCalls() {
        ChatResponse r = OpenAiJson.readChatResponse(json(responses().toList().get(1)));
        assertThat(r.usage()).isEqualTo(new Usage(1, 2, 0, 1));
        assertThat(r.choices().getFirst().message().toolCalls()).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("f"));
        assertThat(OpenAiJson.readChatResponse(json(responses().toList().getFirst())).usage().cachedTokens()).isEqualTo(2);
    }

    static Stream<Arguments> chunks() {
        return Stream.of(
                Arguments.of("{'id':'c','object':'chat.completion.chunk','created':1,'model':'m','choices':[{'index':0,'delta':{'role':'assistant','content':''},'finish_reason':null}]}", "", false),
                Arguments.of("{'id':'c','object':'chat.completion.chunk','created':1,'model':'m','choices':[{'index':0,'delta':{'content':'Hel'},'finish_reason':null}]}", "Hel", false),
                Arguments.of("{'id':'c','object':'chat.completion.chunk','created':1,'model':'m','choices':[{'index':0,'delta':{'reasoning_content':'hmm'},'finish_reason':null}]}", null, false),
                Arguments.of("{'id':'c','object':'chat.completion.chunk','created':1,'model':'m','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'t1','type':'function','function':{'name':'f','arguments':''}}]},'finish_reason':null}]}", null, false),
                Arguments.of("{'id':'c','object':'chat.completion.chunk','created':1,'model':'m','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'function':{'arguments':'{\\'a'}}]},'finish_reason':null}]}", null, false),
                Arguments.of("{'id':'c','object':'chat.completion.chunk','created':1,'model':'m','choices':[{'index':0,'delta':{},'finish_reason':'stop'}]}", null, false),
                Arguments.of("{'id':'c','object':'chat.completion.chunk','created':1,'model':'m','choices':[],'usage':{'prompt_tokens':4,'completion_tokens':2,'total_tokens':6,'prompt_tokens_details':{'cached_tokens':1},'completion_tokens_details':{'reasoning_tokens':0}}}", null, true));
    }

    @ParameterizedTest
    @MethodSource("chunks")
    void chunkSurvivesTheRoundTrip(String wire, String content, boolean hasUsage) throws Exception {
        ChatChunk c = OpenAiJson.readChatChunk(json(wire));
        assertThat(c.usage().isPresent()).isEqualTo(hasUsage);
        if (content != null) assertThat(c.choices().getFirst().content()).contains(content);
        assertThat(M.readTree(OpenAiJson.writeChatChunk(c))).isEqualTo(M.readTree(json(wire)));
        String event = new String(OpenAiJson.writeChatChunkEvent(c), StandardCharsets.UTF_8);
        assertThat(event).startsWith("data: {").endsWith("}\n\n");
    }

    @Test
    void readsOllamaStyleReasoningAndRoles() {
        ChatChunk c = OpenAiJson.readChatChunk(json("{'id':'x','choices':[{'index':0,'delta':{'role':'assistant','reasoning':'think'}}]}"));
        assertThat(c.choices().getFirst().reasoningContent()).contains("think");
        assertThat(c.choices().getFirst().role()).contains(Role.ASSISTANT);
    }

    static Stream<String> badUpstreamBodies() {
        return Stream.of("{", "[]", "{'id':'x'}", "{'choices': 3}", "");
    }

    @ParameterizedTest
    @MethodSource("badUpstreamBodies")
    void malformedUpstreamAnswersAreProtocolErrors(String body) {
        assertThatThrownBy(() -> OpenAiJson.readChatResponse(json(body))).isInstanceOf(UpstreamProtocolException.class);
    }

    @Test
    void aStreamEventWithABadRoleIsAProtocolError() {
        assertThatThrownBy(() -> OpenAiJson.readChatChunk(json("{'choices':[{'index':0,'delta':{'role':'wizard'}}]}")))
                .isInstanceOf(UpstreamProtocolException.class);
    }

    static Stream<Arguments> badEmbeddingRequests() {
        return Stream.of(
                Arguments.of("{'input':'x'}", "model"),
                Arguments.of("{'model':'e'}", "input"),
                Arguments.of("{'model':'e','input':[]}", "input"),
                Arguments.of("{'model':'e','input':['a',3]}", "input[1]"),
                Arguments.of("{'model':'e','input':'a','dimensions':0}", "dimensions"));
    }

    @ParameterizedTest
    @MethodSource("badEmbeddingRequests")
    void rejectsBadEmbeddingRequestsNamingTheField(String body, String param) {
        assertThatThrownBy(() -> OpenAiJson.readEmbeddingRequest(json(body)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).contains(param));
    }

    @Test
    void embeddingRequestKeepsOptionsAndAlwaysAsksUpstreamForFloats() throws Exception {
        EmbeddingRequest r = OpenAiJson.readEmbeddingRequest(json("{'model':'e','input':'one','dimensions':4,'user':'u','encoding_format':'base64'}"));
        assertThat(r.input()).containsExactly("one");
        assertThat(r.dimensions()).isEqualTo(OptionalInt.of(4));
        assertThat(r.passthroughJson()).containsEntry("encoding_format", "\"base64\"");
        JsonNode out = M.readTree(OpenAiJson.writeEmbeddingRequest(r));
        assertThat(out).isEqualTo(M.readTree(json("{'model':'e','input':['one'],'dimensions':4,'user':'u'}")));
    }

    @Test
    void embeddingResponseInFloatsAndBase64() throws Exception {
        EmbeddingOutcome.Completed c = OpenAiJson.readEmbeddingResponse(json(
                "{'object':'list','data':[{'object':'embedding','index':1,'embedding':[0.5,-1]},{'object':'embedding','index':0,'embedding':[0.25,2]}],'model':'e','usage':{'prompt_tokens':3,'total_tokens':3}}"));
        assertThat(c.vectors().get(0)).containsExactly(0.25f, 2f);
        assertThat(c.vectors().get(1)).containsExactly(0.5f, -1f);
        JsonNode floats = M.readTree(OpenAiJson.writeEmbeddingResponse(c, false));
        assertThat(floats.path("data").get(1).path("embedding").get(1).asDouble()).isEqualTo(-1.0);
        assertThat(floats.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
        JsonNode b64 = M.readTree(OpenAiJson.writeEmbeddingResponse(c, true));
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(b64.path("data").get(0).path("embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buf.getFloat()).isEqualTo(0.25f);
        assertThat(buf.getFloat()).isEqualTo(2f);
    }

    @Test
    void writesErrorsInOpenAisShape() throws Exception {
        JsonNode e = M.readTree(OpenAiJson.writeError(new InvalidRequestException("Invalid 'temperature'.", "temperature")));
        assertThat(e.path("error").path("message").asText()).isEqualTo("Invalid 'temperature'.");
        assertThat(e.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.path("error").path("param").asText()).isEqualTo("temperature");
        assertThat(e.path("error").path("code").asText()).isEqualTo("invalid_value");
    }

    @Test
    void findsErrorMessagesInCommonShapes() {
        assertThat(OpenAiJson.errorMessage(json("{'error':{'message':'m1'}}"))).contains("m1");
        assertThat(OpenAiJson.errorMessage(json("{'error':'m2'}"))).contains("m2");
        assertThat(OpenAiJson.errorMessage(json("{'detail':'m3'}"))).contains("m3");
        assertThat(OpenAiJson.errorMessage(json("not json"))).isEqualTo(Optional.empty());
    }
}
