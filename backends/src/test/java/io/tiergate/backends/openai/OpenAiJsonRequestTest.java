package io.tiergate.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiJsonRequestTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static ChatRequest read(String json) {
        return OpenAiJson.readChatRequest(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}, {'role': 'robot', 'content': 'x'}]}", "messages[1].role"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'temperature': 2.5}", "temperature"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'temperature': 'hot'}", "temperature"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'max_tokens': 0}", "max_tokens"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'max_tokens': 1.5}", "max_tokens"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'max_completion_tokens': -3}", "max_completion_tokens"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'top_p': 1.2}", "top_p"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'presence_penalty': -3}", "presence_penalty"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'n': 0}", "n"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'seed': 'abc'}", "seed"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'stop': [1]}", "stop[0]"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'logprobs': true, 'top_logprobs': 21}", "top_logprobs"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'top_logprobs': 2}", "top_logprobs"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'stream': 'yes'}", "stream"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'tools': [{'type': 'function', 'function': {}}]}", "tools[0].function.name"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'tool_choice': 'sometimes'}", "tool_choice"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'metadata': {'k': 1}}", "metadata.k"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'response_format': 'json'}", "response_format"),
                Arguments.of("{'messages': [{'role': 'user', 'content': 'hi'}]}", "model"),
                Arguments.of("{'model': 'm'}", "messages"),
                Arguments.of("{'model': 'm', 'messages': []}", "messages"),
                Arguments.of("{'model': 'm', 'messages': [{'content': 'hi'}]}", "messages[0].role"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user'}]}", "messages[0].content"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': 5}]}", "messages[0].content"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': [{'text': 'x'}]}]}", "messages[0].content[0].type"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'user', 'content': [{'type': 'text'}]}]}", "messages[0].content[0].text"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'tool', 'content': 'r'}]}", "messages[0].tool_call_id"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'assistant', 'content': null, 'refusal': 7}]}", "messages[0].refusal"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'assistant', 'content': [{'type': 'refusal'}]}]}", "messages[0].content[0].refusal"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'assistant', 'content': [{'type': 'refusal', 'refusal': true}]}]}", "messages[0].content[0].refusal"),
                Arguments.of("{'model': 'm', 'messages': [{'role': 'assistant', 'tool_calls': [{'id': 'c', 'function': {}}]}]}", "messages[0].tool_calls[0].function.name"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void rejectsBadFieldNamingIt(String json, String param) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).contains(param);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains(param.replaceAll("\\[\\d+]$", ""));
                });
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void rejectsMalformedJsonWithoutParam(String body) {
        assertThatThrownBy(() -> OpenAiJson.readChatRequest(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEmpty();
                    assertThat(e.code()).contains("invalid_json");
                });
    }

    static Stream<String> malformedBodies() {
        return Stream.of("", "{", "[1,2]", "{\"model\": }", "nope");
    }

    @Test
    void readsEveryModelledField() {
        ChatRequest r = read("""
                {'model': 'gpt-x', 'messages': [
                   {'role': 'system', 'content': 'be brief'},
                   {'role': 'user', 'name': 'ann', 'content': [{'type': 'text', 'text': 'look'},
                       {'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,AA', 'detail': 'low'}},
                       {'type': 'input_audio', 'input_audio': {'data': 'UklG', 'format': 'wav'}}]},
                   {'role': 'assistant', 'content': null, 'tool_calls': [{'id': 'c1', 'type': 'function', 'function': {'name': 'f', 'arguments': '{}'}}]},
                   {'role': 'tool', 'tool_call_id': 'c1', 'content': 'sunny'}],
                 'temperature': 0.2, 'top_p': 0.9, 'max_tokens': 7, 'seed': 42, 'stop': 'END', 'logprobs': true, 'top_logprobs': 3,
                 'n': 1, 'frequency_penalty': 0.5, 'presence_penalty': -0.5, 'top_k': 40, 'min_p': 0.05, 'repeat_penalty': 1.1,
                 'tools': [{'type': 'function', 'function': {'name': 'f', 'description': 'd', 'parameters': {'type': 'object'}}}],
                 'tool_choice': {'type': 'function', 'function': {'name': 'f'}}, 'response_format': {'type': 'json_object'},
                 'stream': true, 'stream_options': {'include_usage': true}, 'user': 'u1', 'metadata': {'team': 'a'},
                 'parallel_tool_calls': false, 'store': true}
                """);
        assertThat(r.model()).isEqualTo("gpt-x");
        assertThat(r.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(r.messages().get(1).contentAsParts()).isTrue();
        assertThat(r.messages().get(1).name()).contains("ann");
        assertThat(r.messages().get(1).content()).containsExactly(new ContentPart.Text("look"),
                new ContentPart.ImageUrl("data:image/png;base64,AA", "low"),
                new ContentPart.Other("input_audio", "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklG\",\"format\":\"wav\"}}"));
        assertThat(r.messages().get(2).toolCalls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("f"));
        assertThat(r.messages().get(3).toolCallId()).contains("c1");
        var p = r.params();
        assertThat(p.temperature().getAsDouble()).isEqualTo(0.2);
        assertThat(p.maxTokens().getAsInt()).isEqualTo(7);
        assertThat(p.seed().getAsLong()).isEqualTo(42);
        assertThat(p.stop()).containsExactly("END");
        assertThat(p.logprobs()).isTrue();
        assertThat(p.topLogprobs().getAsInt()).isEqualTo(3);
        assertThat(p.topK().getAsInt()).isEqualTo(40);
        assertThat(r.tools()).singleElement().satisfies(t -> assertThat(t.parametersJson()).isEqualTo("{\"type\":\"object\"}"));
        assertThat(r.toolChoiceJson()).contains("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
        assertThat(r.responseFormatJson()).contains("{\"type\":\"json_object\"}");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.user()).contains("u1");
        assertThat(r.metadata()).containsEntry("team", "a");
        assertThat(r.passthroughJson()).containsEntry("parallel_tool_calls", "false").containsEntry("store", "true");
    }

    static Stream<String> roundTrips() {
        return Stream.of(
                "{'model':'m','messages':[{'role':'user','content':'hi'}]}",
                "{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'a'},{'type':'image_url','image_url':{'url':'u','detail':'high'}},{'type':'file','file':{'file_id':'f1'}}]}]}",
                "{'model':'m','messages':[{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{\\'a\\':1}'}}]},{'role':'tool','content':'r','tool_call_id':'c'}],'tools':[{'type':'function','function':{'name':'f','description':'d','parameters':{'type':'object','properties':{}}}}],'tool_choice':'required'}",
                "{'model':'m','messages':[{'role':'user','content':'hi'}],'max_completion_tokens':9,'temperature':0.5,'top_p':0.25,'seed':7,'stop':['x','y'],'logprobs':true,'top_logprobs':2,'n':1,'user':'u','metadata':{'a':'b'},'response_format':{'type':'json_schema','json_schema':{'name':'s','schema':{}}},'stream':true,'stream_options':{'include_usage':true},'service_tier':'flex'}");
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void writesBackWhatItRead(String json) throws Exception {
        String wire = json.replace('\'', '"');
        byte[] written = OpenAiJson.writeChatRequest(OpenAiJson.readChatRequest(wire.getBytes(StandardCharsets.UTF_8)));
        JsonNode expected = M.readTree(wire);
        assertThat(M.readTree(written)).isEqualTo(expected);
    }

    @Test
    void anAssistantsRefusalFieldIsKeptAsARefusalPart() throws Exception {
        ChatRequest r = read("{'model':'m','messages':[{'role':'user','content':'hi'},{'role':'assistant','content':'Sorry.','refusal':'I cannot help with that.'},{'role':'user','content':'ok'}]}");
        var assistant = r.messages().get(1);
        assertThat(assistant.content()).hasSize(2).first().isEqualTo(new io.tiergate.api.ContentPart.Text("Sorry."));
        assertThat(assistant.content().get(1)).isInstanceOfSatisfying(io.tiergate.api.ContentPart.Other.class,
                o -> assertThat(o.type()).isEqualTo("refusal"));
        JsonNode sent = M.readTree(OpenAiJson.writeChatRequest(r)).path("messages").path(1).path("content");
        assertThat(sent).isEqualTo(M.readTree("[{\"type\":\"text\",\"text\":\"Sorry.\"},{\"type\":\"refusal\",\"refusal\":\"I cannot help with that.\"}]"));
        assertThat(read("{'model':'m','messages':[{'role':'assistant','content':'x','refusal':null}]}").messages().getFirst().content()).hasSize(1);
    }

    @Test
    void quirksRenameAndDropFieldsTheServerRefuses() throws Exception {
        ChatRequest r = read("{'model':'m','messages':[{'role':'user','content':'hi'}],'max_completion_tokens':9,'top_k':5,'logprobs':true,'metadata':{'a':'b'},'stream':true,'stream_options':{'include_usage':true}}");
        JsonNode mistral = M.readTree(OpenAiJson.writeChatRequest(r, OpenAiQuirks.preset("mistral")));
        assertThat(mistral.path("max_tokens").asInt()).isEqualTo(9);
        assertThat(mistral.has("max_completion_tokens")).isFalse();
        assertThat(mistral.has("top_k")).isFalse();
        assertThat(mistral.has("logprobs")).isFalse();
        assertThat(mistral.has("metadata")).isFalse();
        assertThat(mistral.has("stream_options")).isFalse();
        JsonNode llama = M.readTree(OpenAiJson.writeChatRequest(r, OpenAiQuirks.preset("llamacpp")));
        assertThat(llama.path("top_k").asInt()).isEqualTo(5);
        assertThat(llama.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThatThrownBy(() -> OpenAiQuirks.preset("nonsense")).hasMessageContaining("nonsense");
    }
}
