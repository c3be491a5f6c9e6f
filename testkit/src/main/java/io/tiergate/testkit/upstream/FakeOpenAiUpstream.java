package io.tiergate.testkit.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake OpenAI-compatible server (real HTTP on a loopback port) for {@code /v1/chat/completions}
 * (JSON and SSE), {@code /v1/models} and {@code /v1/embeddings}. Answers follow {@link ScriptedReply};
 * usage counts words; logprobs are -0.1 per piece index when asked. Streams carry usage only when the
 * request asks with {@code stream_options.include_usage}, as the real API does. Fields listed with
 * {@link #rejectFields} are refused with a 400, as strict servers refuse parameters they do not know.
 */
public final class FakeOpenAiUpstream extends FakeUpstream {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();
    private volatile int cachedTokens;
    private volatile int reasoningTokens;
    private volatile Set<String> rejected = Set.of();

    public static FakeOpenAiUpstream start() {
        return new FakeOpenAiUpstream();
    }

    @Override
    public URI baseUri() {
        return URI.create(serverUri() + "/v1");
    }

    /** Reports this many prompt tokens as cached (prompt_tokens_details.cached_tokens). */
    public FakeOpenAiUpstream cachedTokens(int n) {
        cachedTokens = n;
        return this;
    }

    /** Reports this many completion tokens as reasoning (completion_tokens_details.reasoning_tokens). */
    public FakeOpenAiUpstream reasoningTokens(int n) {
        reasoningTokens = n;
        return this;
    }

    /** Top-level request fields answered with 400 "Unrecognized request argument". */
    public FakeOpenAiUpstream rejectFields(String... names) {
        rejected = Set.of(names);
        return this;
    }

    @Override
    protected void handle(RecordedRequest request, UpstreamBehavior behavior, HttpResponseWriter response)
            throws IOException, InterruptedException {
        String path = request.path();
        if (request.method().equals("GET") && path.equals("/v1/models")) {
            String body = modelsStatus() == 200
                    ? "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\",\"created\":0,\"owned_by\":\"fake\"}]}"
                    : errorBody(modelsStatus());
            response.respond(modelsStatus(), JSON, utf8(body));
        } else if (request.method().equals("POST") && path.equals("/v1/chat/completions")) {
            chat(request, behavior, response);
        } else if (request.method().equals("POST") && path.equals("/v1/embeddings")) {
            embeddings(request, response);
        } else {
            response.respond(404, JSON, utf8(errorBody(404)));
        }
    }

    private void chat(RecordedRequest request, UpstreamBehavior behavior, HttpResponseWriter response)
            throws IOException, InterruptedException {
        JsonNode req = MAPPER.readTree(request.body());
        for (String field : rejected) {
            if (req.has(field)) {
                response.respond(400, JSON, utf8(error("Unrecognized request argument supplied: " + field, "invalid_request_error")));
                return;
            }
        }
        String model = req.path("model").asText("fake-model");
        ScriptedReply reply = reply(req);
        int promptTokens = 0;
        for (JsonNode m : req.path("messages")) promptTokens += ScriptedReply.countWords(text(m.path("content")));
        ObjectNode usage = usage(promptTokens, reply.completionTokens());
        String id = "chatcmpl-" + ids.incrementAndGet();
        boolean logprobs = req.path("logprobs").asBoolean(false);
        int topLogprobs = req.path("top_logprobs").asInt(0);
        if (!req.path("stream").asBoolean(false)) {
            ObjectNode body = MAPPER.createObjectNode().put("id", id).put("object", "chat.completion").put("created", 1_700_000_000L)
                    .put("model", model).put("system_fingerprint", "fp_fake");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            if (reply.toolName().isPresent()) {
                message.putNull("content");
                toolCall(message.putArray("tool_calls").addObject(), reply, reply.toolArguments());
            } else {
                message.put("content", reply.text());
            }
            if (logprobs) choice.putObject("logprobs").set("content", logprobContent(reply.pieces(), topLogprobs));
            choice.put("finish_reason", reply.finishReason());
            body.set("usage", usage);
            response.respond(200, JSON, MAPPER.writeValueAsBytes(body));
            return;
        }
        List<String> events = new ArrayList<>();
        ObjectNode first = chunk(id, model);
        ((ObjectNode) first.withArray("choices").get(0)).putObject("delta").put("role", "assistant").put("content", "");
        events.add(frame(first));
        if (reply.toolName().isPresent()) {
            String args = reply.toolArguments();
            int half = args.length() / 2;
            ObjectNode start = chunk(id, model);
            toolCall(((ObjectNode) start.withArray("choices").get(0)).putObject("delta").putArray("tool_calls").addObject()
                    .put("index", 0), reply, "");
            events.add(frame(start));
            for (String fragment : List.of(args.substring(0, half), args.substring(half))) {
                ObjectNode more = chunk(id, model);
                ((ObjectNode) more.withArray("choices").get(0)).putObject("delta").putArray("tool_calls").addObject()
                        .put("index", 0).putObject("function").put("arguments", fragment);
                events.add(frame(more));
            }
        } else {
            for (int i = 0; i < reply.pieces().size(); i++) {
                ObjectNode piece = chunk(id, model);
                ObjectNode choice = (ObjectNode) piece.withArray("choices").get(0);
                choice.putObject("delta").put("content", reply.pieces().get(i));
                if (logprobs) choice.putObject("logprobs").set("content", logprobContent(List.of(reply.pieces().get(i)), topLogprobs));
                events.add(frame(piece));
            }
        }
        ObjectNode last = chunk(id, model);
        ((ObjectNode) last.withArray("choices").get(0)).put("finish_reason", reply.finishReason()).putObject("delta");
        events.add(frame(last));
        if (req.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usageChunk = chunk(id, model);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage);
            events.add(frame(usageChunk));
        }
        stream(response, behavior, events, "data: [DONE]\n\n");
    }

    private ScriptedReply reply(JsonNode req) {
        JsonNode messages = req.path("messages");
        String lastUser = "";
        Optional<String> toolResult = Optional.empty();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            if (role.equals("user")) {
                lastUser = text(m.path("content"));
                toolResult = Optional.empty();
            } else if (role.equals("tool")) {
                toolResult = Optional.of(text(m.path("content")));
            }
        }
        List<String> tools = new ArrayList<>();
        for (JsonNode t : req.path("tools")) tools.add(t.path("function").path("name").asText());
        Optional<String> forced = Optional.ofNullable(req.path("tool_choice").path("function").path("name").textValue());
        List<String> stop = new ArrayList<>();
        JsonNode stopNode = req.path("stop");
        if (stopNode.isTextual()) stop.add(stopNode.asText());
        for (JsonNode s : stopNode) if (s.isTextual()) stop.add(s.asText());
        int max = req.has("max_completion_tokens") ? req.path("max_completion_tokens").asInt()
                : req.path("max_tokens").asInt(Integer.MAX_VALUE);
        return ScriptedReply.of(lastUser, toolResult, tools, forced, stop, max);
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) sb.append(sb.isEmpty() ? "" : "\n").append(part.path("text").asText());
        }
        return sb.toString();
    }

    private void toolCall(ObjectNode call, ScriptedReply reply, String arguments) {
        call.put("id", "call_" + reply.toolName().orElseThrow()).put("type", "function")
                .putObject("function").put("name", reply.toolName().get()).put("arguments", arguments);
    }

    private static ArrayNode logprobContent(List<String> pieces, int top) {
        ArrayNode content = MAPPER.createArrayNode();
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode lp = content.addObject().put("token", pieces.get(i)).put("logprob", -0.1 * (i + 1));
            lp.putNull("bytes");
            ArrayNode alts = lp.putArray("top_logprobs");
            for (int k = 0; k < top; k++) alts.addObject().put("token", "alt" + k).put("logprob", -1.0 - k).putNull("bytes");
        }
        return content;
    }

    private ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = MAPPER.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        return usage;
    }

    private static ObjectNode chunk(String id, String model) {
        ObjectNode c = MAPPER.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", 1_700_000_000L)
                .put("model", model);
        c.putArray("choices").addObject().put("index", 0);
        return c;
    }

    private static String frame(ObjectNode node) throws IOException {
        return "data: " + MAPPER.writeValueAsString(node) + "\n\n";
    }

    private void embeddings(RecordedRequest request, HttpResponseWriter response) throws IOException {
        JsonNode req = MAPPER.readTree(request.body());
        List<String> inputs = new ArrayList<>();
        if (req.path("input").isTextual()) inputs.add(req.path("input").asText());
        for (JsonNode i : req.path("input")) inputs.add(i.asText());
        int dims = req.path("dimensions").asInt(8);
        ObjectNode body = MAPPER.createObjectNode().put("object", "list").put("model", req.path("model").asText());
        ArrayNode data = body.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            ArrayNode vec = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (float v : vector(inputs.get(i), dims)) vec.add(v);
            tokens += ScriptedReply.countWords(inputs.get(i));
        }
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        response.respond(200, JSON, MAPPER.writeValueAsBytes(body));
    }

    /** A deterministic vector for a text: component k is ((hash * (k + 1)) mod 1000) / 1000. */
    public static float[] vector(String text, int dims) {
        float[] v = new float[dims];
        int h = text.hashCode() & 0x7fffffff;
        for (int k = 0; k < dims; k++) v[k] = (float) (((long) h * (k + 1)) % 1000) / 1000f;
        return v;
    }

    @Override
    protected String errorBody(int status) {
        String type = status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
        return error("fake upstream answered " + status, type);
    }

    private static String error(String message, String type) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
        return root.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
