package io.tiergate.backends.openai;

import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

import static io.tiergate.backends.openai.ChunkShapes.json;

/**
 * Whole {@code chat.completion} answers as OpenAI-compatible servers send them, then odd shapes: content as
 * parts, nulls, wrong types, repeated keys, choices that are not an array. Written with ' for ".
 */
final class ResponseShapes {
    private ResponseShapes() {}

    private static final String HEAD = "'id':'chatcmpl-AbC1','object':'chat.completion','created':1732435200,'model':'gpt-4o-mini',";
    private static final String USAGE = "'usage':{'prompt_tokens':19,'completion_tokens':10,'total_tokens':29,"
            + "'prompt_tokens_details':{'cached_tokens':3,'audio_tokens':0},'completion_tokens_details':{'reasoning_tokens':4,'audio_tokens':0}}";

    private static Arguments c(String name, String json) {
        return Arguments.of(name, json(json));
    }

    /** One choice around a message object, with OpenAI's usual neighbours. */
    private static Arguments message(String name, String message) {
        return c(name, "{" + HEAD + "'choices':[{'index':0,'message':" + message + ",'logprobs':null,'finish_reason':'stop'}]," + USAGE + "}");
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                c("openai text", "{" + HEAD + "'choices':[{'index':0,'message':{'role':'assistant','content':'Hello!','refusal':null,'annotations':[]},'logprobs':null,'finish_reason':'stop'}]," + USAGE + ",'service_tier':'default','system_fingerprint':'fp_0ba0d124f1'}"),
                c("openai tool calls", "{" + HEAD + "'choices':[{'index':0,'message':{'role':'assistant','content':null,'tool_calls':[{'id':'call_a','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},{'id':'call_b','type':'function','function':{'name':'get_time','arguments':'{}'}}],'refusal':null},'logprobs':null,'finish_reason':'tool_calls'}]," + USAGE + "}"),
                c("openai logprobs", "{" + HEAD + "'choices':[{'index':0,'message':{'role':'assistant','content':'ab'},'logprobs':{'content':[{'token':'ab','logprob':-0.5,'bytes':[97,98],'top_logprobs':[{'token':'x','logprob':-2.0,'bytes':[120]}]}],'refusal':null},'finish_reason':'length'}]," + USAGE + "}"),
                c("openai n=2", "{" + HEAD + "'choices':[{'index':0,'message':{'role':'assistant','content':'a'},'finish_reason':'stop'},{'index':1,'message':{'role':'assistant','content':'b'},'finish_reason':'length'}]," + USAGE + "}"),
                c("azure filters", "{" + HEAD + "'prompt_filter_results':[{'prompt_index':0,'content_filter_results':{}}],'choices':[{'content_filter_results':{'hate':{'filtered':false,'severity':'safe'}},'finish_reason':'stop','index':0,'logprobs':null,'message':{'content':'Hi','role':'assistant'}}]," + USAGE + "}"),
                c("vllm reasoning", "{" + HEAD + "'choices':[{'index':0,'message':{'role':'assistant','reasoning_content':'think','content':'4','tool_calls':[]},'logprobs':null,'finish_reason':'stop','stop_reason':null}],'usage':{'prompt_tokens':5,'total_tokens':7,'completion_tokens':2,'prompt_tokens_details':null},'prompt_logprobs':null,'kv_transfer_params':null}"),
                c("llama.cpp", "{'choices':[{'finish_reason':'stop','index':0,'message':{'role':'assistant','content':'Hi'}}],'created':1732435200,'model':'gpt-3.5-turbo','system_fingerprint':'b4000-2f5a','object':'chat.completion','usage':{'completion_tokens':1,'prompt_tokens':8,'total_tokens':9},'id':'chatcmpl-xyz','timings':{'prompt_n':8,'prompt_ms':12.5}}"),
                c("ollama tool call", "{'id':'chatcmpl-1','object':'chat.completion','created':1732435200,'model':'llama3.2','system_fingerprint':'fp_ollama','choices':[{'index':0,'message':{'role':'assistant','content':'','tool_calls':[{'id':'call_x1','index':0,'type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}}]},'finish_reason':'tool_calls'}],'usage':{'prompt_tokens':26,'completion_tokens':9,'total_tokens':35}}"),
                c("lm studio", "{'id':'chatcmpl-lms','object':'chat.completion','created':1732435200,'model':'qwen2.5-7b-instruct','choices':[{'index':0,'logprobs':null,'finish_reason':'stop','message':{'role':'assistant','content':'Hi'}}],'usage':{'prompt_tokens':5,'completion_tokens':1,'total_tokens':6},'stats':{},'system_fingerprint':'qwen2.5-7b-instruct'}"),
                c("groq", "{" + HEAD + "'choices':[{'index':0,'message':{'role':'assistant','content':'Hi'},'logprobs':null,'finish_reason':'stop'}],'usage':{'queue_time':0.02,'prompt_tokens':10,'prompt_time':0.001,'completion_tokens':5,'completion_time':0.01,'total_tokens':15,'total_time':0.011},'system_fingerprint':'fp_1','x_groq':{'id':'req_01'}}"),
                c("together", "{'id':'8a','object':'chat.completion','created':1732435200,'model':'meta-llama/Llama-3-8b','prompt':[],'choices':[{'finish_reason':'eos','seed':123,'logprobs':null,'index':0,'message':{'role':'assistant','content':'Hi','tool_calls':[]}}],'usage':{'prompt_tokens':5,'completion_tokens':1,'total_tokens':6}}"),
                c("mistral tool call", "{'id':'cmpl-e5','object':'chat.completion','created':1732435200,'model':'mistral-small-latest','choices':[{'index':0,'message':{'role':'assistant','content':'','tool_calls':[{'id':'D681PevKs','function':{'name':'f','arguments':'{}'}}]},'finish_reason':'tool_calls'}],'usage':{'prompt_tokens':7,'total_tokens':27,'completion_tokens':20}}"),
                c("deepseek", "{" + HEAD + "'choices':[{'index':0,'message':{'role':'assistant','content':'9','reasoning_content':'Okay'},'logprobs':null,'finish_reason':'stop'}],'usage':{'prompt_tokens':10,'completion_tokens':20,'total_tokens':30,'prompt_tokens_details':{'cached_tokens':8},'completion_tokens_details':{'reasoning_tokens':15},'prompt_cache_hit_tokens':8,'prompt_cache_miss_tokens':2},'system_fingerprint':'fp_ds'}"),
                message("content parts", "{'role':'assistant','content':[{'type':'text','text':'a'},{'type':'image_url','image_url':{'url':'x'}},{'type':'text','text':'b'}]}"),
                message("content parts odd", "{'content':[{'type':'text'},{'text':'no type'},{'type':null,'text':'null type'},{'type':'text','text':null},{'type':'text','text':5},{'type':'text','text':{}},'bare',1,null,[],{'type':'TEXT','text':'upper'},{'type':['text'],'text':'x'}]}"),
                message("content parts repeated keys", "{'content':[{'type':'text','type':'image','text':'a'},{'type':'image','type':'text','text':'b','text':'c'}]}"),
                message("content null without tool calls", "{'role':'assistant','content':null}"),
                message("content empty without tool calls", "{'content':''}"),
                message("content of other types", "{'content':5}"),
                message("content object", "{'content':{'type':'text','text':'x'}}"),
                message("text with tool calls", "{'content':'Calling.','tool_calls':[{'id':'c','function':{'name':'f','arguments':'{}'}}]}"),
                message("tool calls object", "{'tool_calls':{'k':{'id':'c','function':{'name':'f'}},'j':{'id':'d'}}}"),
                message("tool calls odd elements", "{'tool_calls':[1,null,'x',[],{}]}"),
                message("tool call function odd", "{'tool_calls':[{'function':null},{'function':'f'},{'function':[]},{'function':{}},{'id':null}]}"),
                message("tool call arguments odd", "{'tool_calls':[{'function':{'arguments':{'city':'x'}}},{'function':{'arguments':5}},{'function':{'arguments':null}},{'function':{'arguments':[1]}},{'function':{'arguments':true}},{'function':{'name':7,'arguments':1.50}}]}"),
                message("tool call repeated keys", "{'tool_calls':[{'id':'a','id':'b','function':{'name':'f','arguments':'x'},'function':{'name':'g'}}]}"),
                message("tool calls null", "{'content':'x','tool_calls':null}"),
                message("message repeated", "{'content':'first'},'message':{'content':'second'}"),
                c("message null array string", "{'choices':[{'message':null},{'message':[]},{'message':'hi'},{}]}"),
                c("finish reasons odd", "{'choices':[{'finish_reason':null},{'finish_reason':1},{'finish_reason':{}},{'finish_reason':''},{'finish_reason':'stop'},{'finish_reason':'content_filter'}]}"),
                c("index odd", "{'choices':[{'index':'2'},{'index':1.5},{'index':null},{'index':9999999999}]}"),
                c("choice elements odd", "{'choices':[null,1,'x',[],true]}"),
                c("choices empty", "{'choices':[]}"),
                c("choices object", "{'choices':{'a':{'message':{'content':'x'}}}}"),
                c("choices null", "{'choices':null}"),
                c("choices string then array", "{'choices':'x','choices':[{'message':{'content':'ok'}}]}"),
                c("choices array then string", "{'choices':[{'message':{'content':'ok'}}],'choices':'x'}"),
                c("no choices", "{'id':'x'}"),
                c("choices number", "{'choices': 3}"),
                c("system fingerprint odd", "{'choices':[],'system_fingerprint':5}"),
                c("system fingerprint null", "{'choices':[],'system_fingerprint':null}"),
                c("system fingerprint repeated", "{'choices':[],'system_fingerprint':'a','system_fingerprint':'b'}"),
                c("usage odd", "{'choices':[],'usage':{'prompt_tokens':'3','completion_tokens':null,'prompt_tokens_details':[]}}"),
                c("usage null", "{'choices':[],'usage':null}"),
                c("usage string", "{'choices':[],'usage':'x'}"),
                c("ids odd", "{'choices':[],'id':5,'model':{},'created':'12'}"),
                c("an error body", "{'error':{'message':'bad','type':'invalid_request_error'}}"),
                c("an error body with choices", "{'error':{'message':'bad'},'choices':[]}"),
                c("cut off", "{'choices':[{'message':{'content':'x'"),
                c("empty", ""),
                c("array", "[]"),
                c("trailing text", "{'choices':[]} x"));
    }
}
