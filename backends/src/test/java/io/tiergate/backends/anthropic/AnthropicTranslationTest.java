package io.tiergate.backends.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.Usage;
import io.tiergate.backends.ChatChunkAssembler;
import io.tiergate.backends.http.ChatEventDecoder.Step;
import io.tiergate.backends.http.SseReader;
import io.tiergate.backends.openai.OpenAiJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI-shaped requests in, Anthropic Messages JSON out; Anthropic answers and events in, our records out. */
class AnthropicTranslationTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("plain text gets the default max_tokens",
                        "{'model':'c','messages':[{'role':'user','content':'hi'}]}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'text','text':'hi'}]}]}"),
                Arguments.of("system and developer messages become the system prompt",
                        "{'model':'c','max_tokens':10,'messages':[{'role':'system','content':'be brief'},{'role':'developer','content':'no lists'},{'role':'user','content':'hi'}]}",
                        "{'model':'c','max_tokens':10,'system':'be brief\\n\\nno lists','messages':[{'role':'user','content':[{'type':'text','text':'hi'}]}]}"),
                Arguments.of("sampling, stop sequences and user; temperature clamped; seed and penalties dropped",
                        "{'model':'c','messages':[{'role':'user','content':'hi'}],'temperature':1.5,'top_p':0.9,'top_k':5,'stop':['END','STOP'],'seed':1,'presence_penalty':1,'user':'u7','stream':true}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'text','text':'hi'}]}],'temperature':1.0,'top_p':0.9,'top_k':5,'stop_sequences':['END','STOP'],'stream':true,'metadata':{'user_id':'u7'}}"),
                Arguments.of("tools become input_schema tools; a named function becomes tool choice 'tool'",
                        "{'model':'c','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function','function':{'name':'f','description':'d','parameters':{'type':'object','properties':{'x':{'type':'string'}}}}}],'tool_choice':{'type':'function','function':{'name':'f'}}}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'text','text':'hi'}]}],'tools':[{'name':'f','description':'d','input_schema':{'type':'object','properties':{'x':{'type':'string'}}}}],'tool_choice':{'type':'tool','name':'f'}}"),
                Arguments.of("required becomes any",
                        "{'model':'c','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':'required'}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'text','text':'hi'}]}],'tools':[{'name':'f','input_schema':{'type':'object'}}],'tool_choice':{'type':'any'}}"),
                Arguments.of("tool calls become tool_use blocks; consecutive tool results merge into one user turn",
                        "{'model':'c','messages':[{'role':'user','content':'weather?'},{'role':'assistant','content':'checking','tool_calls':[{'id':'t1','type':'function','function':{'name':'w','arguments':'{\\'city\\':\\'Oslo\\'}'}},{'id':'t2','type':'function','function':{'name':'w','arguments':''}}]},{'role':'tool','tool_call_id':'t1','content':'rain'},{'role':'tool','tool_call_id':'t2','content':'sun'}]}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'text','text':'weather?'}]},{'role':'assistant','content':[{'type':'text','text':'checking'},{'type':'tool_use','id':'t1','name':'w','input':{'city':'Oslo'}},{'type':'tool_use','id':'t2','name':'w','input':{}}]},{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':'rain'},{'type':'tool_result','tool_use_id':'t2','content':'sun'}]}]}"),
                Arguments.of("images: data URLs become base64 sources, others url sources",
                        "{'model':'c','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,AAAA'}},{'type':'image_url','image_url':{'url':'https://x/y.jpg'}},{'type':'text','text':'what?'}]}]}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64','media_type':'image/png','data':'AAAA'}},{'type':'image','source':{'type':'url','url':'https://x/y.jpg'}},{'type':'text','text':'what?'}]}]}"),
                Arguments.of("an empty refusal part is left out (the API rejects empty text blocks)",
                        "{'model':'c','messages':[{'role':'user','content':'a'},{'role':'assistant','content':[{'type':'text','text':'ok'},{'type':'refusal','refusal':''}]},{'role':'user','content':'b'}]}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'text','text':'a'}]},{'role':'assistant','content':[{'type':'text','text':'ok'}]},{'role':'user','content':[{'type':'text','text':'b'}]}]}"),
                Arguments.of("an assistant's refusal, as a part or as the message field, becomes its text",
                        "{'model':'c','messages':[{'role':'user','content':'a'},{'role':'assistant','content':[{'type':'refusal','refusal':'no'}]},{'role':'user','content':'b'},{'role':'assistant','content':null,'refusal':'still no'},{'role':'user','content':'c'}]}",
                        "{'model':'c','max_tokens':4096,'messages':[{'role':'user','content':[{'type':'text','text':'a'}]},{'role':'assistant','content':[{'type':'text','text':'no'}]},{'role':'user','content':[{'type':'text','text':'b'}]},{'role':'assistant','content':[{'type':'text','text':'still no'}]},{'role':'user','content':[{'type':'text','text':'c'}]}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void writesMessagesRequests(String name, String openAi, String anthropic) throws Exception {
        byte[] out = AnthropicJson.writeRequest(OpenAiJson.readChatRequest(json(openAi)), 4096);
        assertThat(M.readTree(out)).isEqualTo(M.readTree(json(anthropic)));
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls", "refusal,content_filter", "pause_turn,stop"})
    void mapsStopReasons(String stopReason, String finishReason) {
        assertThat(AnthropicResponseReader.finishReason(stopReason)).isEqualTo(finishReason);
    }

    @Test
    void readsAWholeMessageWithToolUseAndCacheUsage() {
        ChatResponse r = AnthropicJson.readResponse(json("""
                {'id':'msg_1','type':'message','role':'assistant','model':'claude-x','content':[
                  {'type':'thinking','thinking':'hmm','signature':'s'},{'type':'text','text':'Let me check.'},
                  {'type':'tool_use','id':'toolu_1','name':'w','input':{'city':'Oslo'}}],
                 'stop_reason':'tool_use','stop_sequence':null,
                 'usage':{'input_tokens':10,'cache_read_input_tokens':100,'cache_creation_input_tokens':5,'output_tokens':7}}
                """), 42);
        assertThat(r.id()).isEqualTo("msg_1");
        assertThat(r.createdEpochSeconds()).isEqualTo(42);
        assertThat(r.text()).isEqualTo("Let me check.");
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("tool_calls");
        assertThat(r.choices().getFirst().message().toolCalls()).singleElement()
                .satisfies(c -> assertThat(c.argumentsJson()).isEqualTo("{\"city\":\"Oslo\"}"));
        assertThat(r.usage()).isEqualTo(new Usage(115, 7, 100, 0));
    }

    @Test
    void decodesAStreamIntoChunksAndAssemblesIt() {
        String[][] events = {
                {"message_start", "{'type':'message_start','message':{'id':'msg_2','model':'claude-x','usage':{'input_tokens':3,'cache_read_input_tokens':2,'output_tokens':1}}}"},
                {"ping", "{'type':'ping'}"},
                {"content_block_start", "{'type':'content_block_start','index':0,'content_block':{'type':'text','text':''}}"},
                {"content_block_delta", "{'type':'content_block_delta','index':0,'delta':{'type':'text_delta','text':'Hi '}}"},
                {"content_block_stop", "{'type':'content_block_stop','index':0}"},
                {"content_block_start", "{'type':'content_block_start','index':1,'content_block':{'type':'tool_use','id':'toolu_9','name':'w','input':{}}}"},
                {"content_block_delta", "{'type':'content_block_delta','index':1,'delta':{'type':'input_json_delta','partial_json':'{\\'city\\''}}"},
                {"content_block_delta", "{'type':'content_block_delta','index':1,'delta':{'type':'input_json_delta','partial_json':':\\'Oslo\\'}'}}"},
                {"message_delta", "{'type':'message_delta','delta':{'stop_reason':'tool_use','stop_sequence':null},'usage':{'output_tokens':12}}"},
                {"message_stop", "{'type':'message_stop'}"}};
        AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(9);
        ChatChunkAssembler assembler = new ChatChunkAssembler();
        List<ChatChunk> chunks = new ArrayList<>();
        boolean done = false;
        for (String[] e : events) {
            Step step = decoder.decode(new SseReader.Event(e[0], json(e[1])));
            if (step instanceof Step.Emit emit) emit.chunks().forEach(c -> {
                chunks.add(c);
                assembler.add(c);
            });
            if (step instanceof Step.Done) done = true;
        }
        assertThat(done).isTrue();
        assertThat(chunks.getFirst().choices().getFirst().role()).isPresent();
        assertThat(chunks).allSatisfy(c -> assertThat(c.id()).isEqualTo("msg_2"));
        ChatChunk.ToolCallDelta first = chunks.stream().flatMap(c -> c.choices().stream()).flatMap(d -> d.toolCalls().stream())
                .findFirst().orElseThrow();
        assertThat(first.index()).isZero();
        assertThat(first.id()).contains("toolu_9");
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage()).contains(new Usage(5, 12, 2, 0));
        ChatResponse r = assembler.response();
        assertThat(r.text()).isEqualTo("Hi ");
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("tool_calls");
        assertThat(r.choices().getFirst().message().toolCalls().getFirst().argumentsJson()).isEqualTo("{\"city\":\"Oslo\"}");
    }

    @Test
    void anErrorEventFailsTheStream() {
        Step step = new AnthropicStreamDecoder(0).decode(new SseReader.Event("error",
                json("{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}")));
        assertThat(step).isInstanceOfSatisfying(Step.Fail.class, f -> {
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.OVERLOADED);
            assertThat(f.message()).contains("Overloaded");
        });
    }

    @Test
    void nonObjectToolArgumentsAreRefusedAsAClientError() {
        var request = OpenAiJson.readChatRequest(json(
                "{'model':'c','messages':[{'role':'assistant','tool_calls':[{'id':'t','type':'function','function':{'name':'f','arguments':'[1]'}}]}]}"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AnthropicJson.writeRequest(request, 10))
                .isInstanceOf(io.tiergate.api.InvalidRequestException.class).hasMessageContaining("arguments");
    }
}
