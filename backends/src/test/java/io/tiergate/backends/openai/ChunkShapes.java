package io.tiergate.backends.openai;

import org.junit.jupiter.params.provider.Arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * Stream events as OpenAI-compatible servers send them (OpenAI, Azure, vLLM, llama.cpp server, Ollama's /v1,
 * LM Studio, Groq, Together, Mistral, DeepSeek), then every odd shape a server could send: nulls, wrong
 * types, repeated keys, objects where arrays belong, error events, non-objects and malformed JSON.
 * Written with ' for " (a real apostrophe is \u0027).
 */
final class ChunkShapes {
    private ChunkShapes() {}

    static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static final String HEAD = "'id':'chatcmpl-AbC1','object':'chat.completion.chunk','created':1732435200,'model':'gpt-4o-mini',";

    private static Arguments c(String name, String json) {
        return Arguments.of(name, json(json));
    }

    /** A choice list around one delta object, with OpenAI's usual neighbours. */
    private static Arguments delta(String name, String delta) {
        return c(name, "{" + HEAD + "'choices':[{'index':0,'delta':" + delta + ",'logprobs':null,'finish_reason':null}]}");
    }

    static Stream<Arguments> realServers() {
        return Stream.of(
                c("openai first chunk", "{" + HEAD + "'service_tier':'default','system_fingerprint':'fp_0ba0d124f1','choices':[{'index':0,'delta':{'role':'assistant','content':'','refusal':null},'logprobs':null,'finish_reason':null}],'usage':null,'obfuscation':'x8Q'}"),
                delta("openai content", "{'content':' quick'}"),
                c("openai stop", "{" + HEAD + "'choices':[{'index':0,'delta':{},'logprobs':null,'finish_reason':'stop'}]}"),
                c("openai length", "{" + HEAD + "'choices':[{'index':0,'delta':{},'finish_reason':'length'}]}"),
                c("openai content_filter", "{" + HEAD + "'choices':[{'index':0,'delta':{},'finish_reason':'content_filter'}]}"),
                c("openai usage-only last chunk", "{" + HEAD + "'choices':[],'usage':{'prompt_tokens':19,'completion_tokens':10,'total_tokens':29,'prompt_tokens_details':{'cached_tokens':3,'audio_tokens':0},'completion_tokens_details':{'reasoning_tokens':4,'audio_tokens':0,'accepted_prediction_tokens':0,'rejected_prediction_tokens':0}}}"),
                delta("openai tool call opens", "{'role':'assistant','content':null,'tool_calls':[{'index':0,'id':'call_q7XkR2mN4pL9','type':'function','function':{'name':'get_weather','arguments':''}}],'refusal':null}"),
                delta("openai tool call arguments", "{'tool_calls':[{'index':0,'function':{'arguments':'{\\'city\\':\\'Par'}}]}"),
                delta("openai parallel tool calls", "{'tool_calls':[{'index':0,'id':'call_a','type':'function','function':{'name':'f','arguments':''}},{'index':1,'id':'call_b','type':'function','function':{'name':'g','arguments':'{}'}}]}"),
                c("openai tool_calls finish", "{" + HEAD + "'choices':[{'index':0,'delta':{},'logprobs':null,'finish_reason':'tool_calls'}]}"),
                c("openai logprobs", "{" + HEAD + "'choices':[{'index':0,'delta':{'content':'Hi'},'logprobs':{'content':[{'token':'Hi','logprob':-0.0031,'bytes':[72,105],'top_logprobs':[{'token':'Hi','logprob':-0.0031,'bytes':[72,105]},{'token':'Hello','logprob':-5.75,'bytes':[72,101,108,108,111]}]}],'refusal':null},'finish_reason':null}]}"),
                c("openai n=2", "{" + HEAD + "'choices':[{'index':0,'delta':{'content':'a'},'finish_reason':null},{'index':1,'delta':{'content':'b'},'finish_reason':null}]}"),
                delta("unicode and escapes", "{'content':'caf\\u00e9 \u00e9t\u00e9 \u65e5\u672c \ud83d\ude00 \\ud83d\\ude00 tab\\there \\'quoted\\' back\\\\slash new\\nline \\u0027 \\/'}"),
                c("azure prompt filter results", "{'choices':[],'created':0,'id':'','model':'','object':'','prompt_filter_results':[{'prompt_index':0,'content_filter_results':{'hate':{'filtered':false,'severity':'safe'}}}]}"),
                c("azure content filter results", "{" + HEAD + "'choices':[{'content_filter_results':{'hate':{'filtered':false,'severity':'safe'}},'delta':{'content':'Hi'},'finish_reason':null,'index':0,'logprobs':null}]}"),
                c("vllm reasoning", "{" + HEAD + "'choices':[{'index':0,'delta':{'reasoning_content':'Let me think'},'logprobs':null,'finish_reason':null,'stop_reason':null}],'usage':null}"),
                c("vllm continuous usage", "{" + HEAD + "'choices':[{'index':0,'delta':{'content':'x'},'logprobs':null,'finish_reason':null}],'usage':{'prompt_tokens':5,'total_tokens':6,'completion_tokens':1}}"),
                c("vllm stop with stop_reason", "{" + HEAD + "'choices':[{'index':0,'delta':{'content':''},'logprobs':null,'finish_reason':'stop','stop_reason':128009}]}"),
                c("vllm logprobs floor", "{" + HEAD + "'choices':[{'index':0,'delta':{'content':'x'},'logprobs':{'content':[{'token':'x','logprob':-9999.0,'bytes':[120],'top_logprobs':[]}]},'finish_reason':null}]}"),
                c("llama.cpp content", "{'choices':[{'finish_reason':null,'index':0,'delta':{'content':'Hi'}}],'created':1732435200,'id':'chatcmpl-xyz','model':'gpt-3.5-turbo','system_fingerprint':'b4000-2f5a','object':'chat.completion.chunk'}"),
                c("llama.cpp final with timings", "{'choices':[{'finish_reason':'stop','index':0,'delta':{}}],'created':1732435200,'id':'chatcmpl-xyz','model':'gpt-3.5-turbo','object':'chat.completion.chunk','usage':{'completion_tokens':12,'prompt_tokens':8,'total_tokens':20},'timings':{'prompt_n':8,'prompt_ms':12.5,'predicted_per_second':85.3}}"),
                c("llama.cpp reasoning", "{'choices':[{'finish_reason':null,'index':0,'delta':{'reasoning_content':'hmm'}}],'created':1732435200,'id':'chatcmpl-xyz','model':'qwq','object':'chat.completion.chunk'}"),
                c("ollama content", "{'id':'chatcmpl-123','object':'chat.completion.chunk','created':1732435200,'model':'llama3.2','system_fingerprint':'fp_ollama','choices':[{'index':0,'delta':{'role':'assistant','content':'Hi'},'finish_reason':null}]}"),
                c("ollama reasoning", "{'id':'chatcmpl-123','object':'chat.completion.chunk','created':1732435200,'model':'qwen3','system_fingerprint':'fp_ollama','choices':[{'index':0,'delta':{'role':'assistant','content':'','reasoning':'think'},'finish_reason':null}]}"),
                c("ollama tool call", "{'id':'chatcmpl-123','object':'chat.completion.chunk','created':1732435200,'model':'llama3.2','system_fingerprint':'fp_ollama','choices':[{'index':0,'delta':{'role':'assistant','content':'','tool_calls':[{'id':'call_x1','index':0,'type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}}]},'finish_reason':null}]}"),
                c("ollama usage", "{'id':'chatcmpl-123','object':'chat.completion.chunk','created':1732435200,'model':'llama3.2','system_fingerprint':'fp_ollama','choices':[],'usage':{'prompt_tokens':26,'completion_tokens':9,'total_tokens':35}}"),
                c("lm studio content", "{'id':'chatcmpl-lms','object':'chat.completion.chunk','created':1732435200,'model':'qwen2.5-7b-instruct','system_fingerprint':'qwen2.5-7b-instruct','choices':[{'index':0,'delta':{'role':'assistant','content':'Hi'},'logprobs':null,'finish_reason':null}]}"),
                c("lm studio reasoning", "{'id':'chatcmpl-lms','object':'chat.completion.chunk','created':1732435200,'model':'deepseek-r1','system_fingerprint':'deepseek-r1','choices':[{'index':0,'delta':{'reasoning':'step'},'logprobs':null,'finish_reason':null}]}"),
                c("groq x_groq usage", "{" + HEAD + "'system_fingerprint':'fp_1','choices':[{'index':0,'delta':{},'logprobs':null,'finish_reason':'stop'}],'x_groq':{'id':'req_01','usage':{'queue_time':0.02,'prompt_tokens':10,'completion_tokens':5}}}"),
                c("together extras", "{'id':'8a','object':'chat.completion.chunk','created':1732435200,'model':'meta-llama/Llama-3-8b','choices':[{'index':0,'text':'Hi','logprobs':null,'finish_reason':null,'seed':null,'delta':{'token_id':13347,'role':'assistant','content':'Hi','tool_calls':null}}]}"),
                c("mistral stop with usage", "{'id':'cmpl-e5','object':'chat.completion.chunk','created':1732435200,'model':'mistral-small-latest','choices':[{'index':0,'delta':{'content':''},'finish_reason':'stop','logprobs':null}],'usage':{'prompt_tokens':7,'total_tokens':27,'completion_tokens':20}}"),
                c("deepseek reasoning with null content", "{" + HEAD + "'choices':[{'index':0,'delta':{'content':null,'reasoning_content':'Okay'},'logprobs':null,'finish_reason':null}]}"),
                c("keys in another order", "{'choices':[{'delta':{'content':'z','role':'assistant'},'finish_reason':null,'index':2}],'usage':null,'model':'m','created':7,'id':'i'}"));
    }

    static Stream<Arguments> oddShapes() {
        return Stream.of(
                c("nothing but choices", "{'choices':[{'delta':{'content':'x'}}]}"),
                c("empty object", "{}"),
                c("null id model created", "{'id':null,'model':null,'created':null,'choices':[]}"),
                c("numeric id and model", "{'id':12,'model':3.5,'created':1,'choices':[]}"),
                c("object and array id", "{'id':{'a':1},'model':[1,2],'choices':[]}"),
                c("boolean id", "{'id':true,'model':false}"),
                c("negative int id", "{'id':-0,'model':-17}"),
                c("big integer id", "{'id':123456789012345678901234567890}"),
                c("float created", "{'created':1.7324352E9}"),
                c("string created", "{'created':'1732435200'}"),
                c("bad string created", "{'created':'soon'}"),
                c("huge created", "{'created':99999999999999999999999}"),
                c("long created", "{'created':17324352000000}"),
                c("boolean created", "{'created':true}"),
                c("index as string", "{'choices':[{'index':'1','delta':{}}]}"),
                c("index as float", "{'choices':[{'index':1.9,'delta':{}}]}"),
                c("index beyond int", "{'choices':[{'index':3000000000,'delta':{}}]}"),
                c("index null and bool", "{'choices':[{'index':null},{'index':true},{'index':'1e1'},{'index':' 7 '}]}"),
                c("finish reason odd", "{'choices':[{'finish_reason':1},{'finish_reason':{}},{'finish_reason':''},{'finish_reason':'eos'},{'finish_reason':false},{'finish_reason':[1]},{'finish_reason':2.50}]}"),
                c("finish reason function_call", "{'choices':[{'finish_reason':'function_call'}]}"),
                c("every role", "{'choices':[{'delta':{'role':'system'}},{'delta':{'role':'developer'}},{'delta':{'role':'user'}},{'delta':{'role':'tool'}},{'delta':{'role':'assistant'}}]}"),
                c("role null number object", "{'choices':[{'delta':{'role':null}},{'delta':{'role':1}},{'delta':{'role':{}}}]}"),
                c("bad role", "{'choices':[{'index':0,'delta':{'role':'wizard'}}]}"),
                c("upper-case role", "{'choices':[{'delta':{'role':'Assistant'}}]}"),
                c("bad role in the second choice", "{'choices':[{'delta':{'role':'user'}},{'delta':{'role':'wiz'}},{'delta':{'role':'ard'}}]}"),
                c("bad role then a good one", "{'choices':[{'delta':{'role':'wizard','role':'assistant'}}]}"),
                c("good role then a bad one", "{'choices':[{'delta':{'role':'assistant','role':'wizard'}}]}"),
                c("bad role in a replaced delta", "{'choices':[{'delta':{'role':'wizard'},'delta':{'content':'x'}}]}"),
                c("bad role in replaced choices", "{'choices':[{'delta':{'role':'wizard'}}],'choices':[{'delta':{'content':'x'}}]}"),
                c("bad role then an error key", "{'choices':[{'delta':{'role':'wizard'}}],'error':{'message':'boom'}}"),
                c("bad role then malformed json", "{'choices':[{'delta':{'role':'wizard'}}],'x':}"),
                c("content of other types", "{'choices':[{'delta':{'content':5}},{'delta':{'content':{'type':'text'}}},{'delta':{'content':[{'type':'text','text':'a'}]}},{'delta':{'content':true}}]}"),
                c("both reasoning fields", "{'choices':[{'delta':{'reasoning':'r','reasoning_content':'rc'}},{'delta':{'reasoning_content':null,'reasoning':'r2'}},{'delta':{'reasoning_content':7,'reasoning':'r3'}},{'delta':{'reasoning':1}}]}"),
                c("delta null array string", "{'choices':[{'delta':null},{'delta':[{'content':'x'}]},{'delta':'text'},{'delta':3}]}"),
                c("repeated delta", "{'choices':[{'delta':{'content':'a','tool_calls':[{'id':'t'}]},'delta':{'role':'user'}}]}"),
                c("repeated delta then null", "{'choices':[{'delta':{'content':'a'},'delta':null}]}"),
                c("choice elements of other types", "{'choices':[null,1,'x',[],{},true]}"),
                c("choices null", "{'choices':null}"),
                c("choices string", "{'choices':'none'}"),
                c("choices object", "{'choices':{'a':{'index':4,'delta':{'content':'o'}},'b':{'index':5}}}"),
                c("choices object with repeated key", "{'choices':{'a':{'index':1},'b':{'index':2},'a':{'index':3}}}"),
                c("choices empty object", "{'choices':{}}"),
                c("repeated choices", "{'choices':[{'delta':{'content':'first'}}],'choices':[{'delta':{'content':'second'}},{'index':1}]}"),
                c("choices then null", "{'choices':[{'delta':{'content':'first'}}],'choices':null}"),
                c("tool calls null", "{'choices':[{'delta':{'tool_calls':null}}]}"),
                c("tool calls empty and object", "{'choices':[{'delta':{'tool_calls':[]}},{'delta':{'tool_calls':{}}},{'delta':{'tool_calls':{'k':{'index':2,'id':'c','function':{'name':'n','arguments':'a'}}}}}]}"),
                c("tool call elements of other types", "{'choices':[{'delta':{'tool_calls':[1,null,'x',[],true]}}]}"),
                c("tool call function odd", "{'choices':[{'delta':{'tool_calls':[{'function':null},{'function':'f'},{'function':[]},{'function':{}},{'index':1}]}}]}"),
                c("tool call arguments odd", "{'choices':[{'delta':{'tool_calls':[{'function':{'arguments':{'city':'x'}}},{'function':{'arguments':5}},{'function':{'arguments':null}},{'function':{'arguments':[1]}},{'function':{'arguments':1.50}},{'function':{'arguments':true}}]}}]}"),
                c("tool call id and name odd", "{'choices':[{'delta':{'tool_calls':[{'id':5,'function':{'name':7}},{'id':null,'function':{'name':null}},{'id':'','function':{'name':''}}]}}]}"),
                c("tool call index odd", "{'choices':[{'delta':{'tool_calls':[{'index':'2'},{'index':null},{'index':1.5},{'index':-1}]}}]}"),
                c("tool call repeated function", "{'choices':[{'delta':{'tool_calls':[{'function':{'name':'a','arguments':'x'},'function':{'arguments':'y'}},{'function':{'name':'b'},'function':null}]}}]}"),
                c("usage null array string number", "{'usage':null}"),
                c("usage array", "{'usage':[1]}"),
                c("usage string", "{'usage':'lots'}"),
                c("usage empty", "{'usage':{}}"),
                c("usage odd counts", "{'usage':{'prompt_tokens':'12','completion_tokens':12.7,'prompt_tokens_details':null,'completion_tokens_details':[]}}"),
                c("usage nulls and bools", "{'usage':{'prompt_tokens':null,'completion_tokens':true,'prompt_tokens_details':{'cached_tokens':'3'},'completion_tokens_details':{'reasoning_tokens':null}}}"),
                c("usage huge and negative", "{'usage':{'prompt_tokens':99999999999999999999,'completion_tokens':-4,'prompt_tokens_details':{'cached_tokens':9007199254740993},'completion_tokens_details':{'reasoning_tokens':1e3}}}"),
                c("usage details odd", "{'usage':{'prompt_tokens_details':'x','completion_tokens_details':{'reasoning_tokens':{}}}}"),
                c("usage repeated", "{'usage':{'prompt_tokens':1},'usage':{'completion_tokens':2}}"),
                c("usage then null", "{'usage':{'prompt_tokens':1},'usage':null}"),
                c("usage repeated details", "{'usage':{'prompt_tokens_details':{'cached_tokens':5},'prompt_tokens_details':{},'completion_tokens_details':{'reasoning_tokens':1,'reasoning_tokens':2}}}"),
                c("logprobs odd containers", "{'choices':[{'logprobs':{}},{'logprobs':{'content':null}},{'logprobs':{'content':{}}},{'logprobs':{'content':[]}},{'logprobs':[]},{'logprobs':'x'},{'logprobs':{'content':[],'content':null}},{'logprobs':{'content':null,'content':[]}}]}"),
                c("logprobs odd tokens", "{'choices':[{'logprobs':{'content':[1,null,{},{'token':5,'logprob':'-0.5'},{'token':null,'logprob':null},{'logprob':0},{'logprob':-0.0},{'logprob':1e-300},{'logprob':true},{'logprob':99999999999999999999}]}}]}"),
                c("logprobs odd top", "{'choices':[{'logprobs':{'content':[{'token':'a','logprob':-1,'top_logprobs':null},{'top_logprobs':{'x':{'token':'b','logprob':-2}}},{'top_logprobs':[1,{'token':'c','top_logprobs':[{'token':'d'}]}]},{'top_logprobs':'z'}]}}]}"),
                c("repeated id and model", "{'id':'a','model':'m1','id':'b','model':null}"),
                c("trailing text after the object", "{'id':'a'} trailing"),
                c("two objects", "{'id':'a'}{'id':'b'}"),
                c("deep unknown field", "{'x':" + "[".repeat(150) + "]".repeat(150) + ",'id':'deep'}"),
                c("long content", "{'choices':[{'delta':{'content':'" + "abc\u00e9".repeat(30_000) + "'}}]}"),
                c("long unknown number", "{'x':1" + "0".repeat(500) + ",'y':1." + "5".repeat(500) + "e10,'id':'n'}"),
                Arguments.of("byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json("{'id':'bom'}"))),
                c("error object", "{'error':{'message':'The server had an error','type':'server_error','param':null,'code':null}}"),
                c("error string", "{'error':'overloaded'}"),
                c("error null", "{'error':null}"),
                c("error without message", "{'error':{'code':500,'detail':'d'}}"),
                c("error after a chunk's fields", "{" + HEAD + "'choices':[{'delta':{'content':'x'}}],'error':{'message':'mid'}}"),
                c("error with a top-level message", "{'error':5,'message':'top'}"),
                c("error with detail", "{'detail':'vllm says no','error':{}}"),
                c("error with unicode", "{'error':{'msg':'\u00e9\\n\ud83d\ude00'}}"),
                c("error then malformed json", "{'error':{'message':'x'},'y':]"),
                c("array root", "[]"),
                c("array of chunks", "[{'id':'x'}]"),
                c("number root", "3"),
                c("string root", "'chunk'"),
                c("null root", "null"),
                c("boolean root", "true"),
                c("whitespace only", "   \n"),
                c("unclosed object", "{"),
                c("cut in a key", "{'id"),
                c("cut after a key", "{'id':"),
                c("cut in a string", "{'id':'abc"),
                c("cut in choices", "{'choices':[{'delta':{'content':'x'}"),
                c("trailing comma", "{'id':'a',}"),
                Arguments.of("single quotes", "{'id':1}".getBytes(StandardCharsets.UTF_8)),
                c("NaN", "{'x':NaN}"),
                c("leading zero", "{'created':01}"),
                c("bare word", "hello"),
                c("bad escape", "{'id':'\\x'}"),
                c("control character in a string", "{'id':'a\u0001b'}"),
                c("comment", "{/* c */'id':'a'}"),
                c("too deep", "{'x':" + "[".repeat(250) + "]".repeat(250) + "}"),
                Arguments.of("invalid utf-8", concat(json("{'id':'"), new byte[] {(byte) 0xC3, (byte) 0x28}, json("'}"))),
                Arguments.of("invalid utf-8 in a skipped value", concat(json("{'x':'"), new byte[] {(byte) 0xFF}, json("','id':'a'}"))));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
