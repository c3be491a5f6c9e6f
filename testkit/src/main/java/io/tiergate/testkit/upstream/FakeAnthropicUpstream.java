package io.tiergate.testkit.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Anthropic Messages API (real HTTP on a loopback port): {@code POST /v1/messages} whole and
 * streamed (message_start, content_block_start/delta/stop, ping, message_delta, message_stop) and
 * {@code GET /v1/models}. Answers follow {@link ScriptedReply}. Like the real API it refuses a
 * request without {@code x-api-key} (401), without {@code anthropic-version} or without
 * {@code max_tokens} (400). Usage reports {@link #cacheReadTokens} as cache reads.
 */
public final class FakeAnthropicUpstream extends FakeUpstream {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();
    private volatile int cacheReadTokens;

    public static FakeAnthropicUpstream start() {
        return new FakeAnthropicUpstream();
    }

    /** The base URL as configured for Anthropic (without /v1). */
    @Override
    public URI baseUri() {
        return serverUri();
    }

    public FakeAnthropicUpstream cacheReadTokens(int n) {
        cacheReadTokens = n;
        return this;
    }

    @Override
    protected void handle(RecordedRequest request, UpstreamBehavior behavior, HttpResponseWriter response)
            throws IOException, InterruptedException {
        if (request.header("x-api-key").isEmpty()) {
            response.respond(401, JSON, utf8(error("authentication_error", "x-api-key header is required")));
        } else if (request.header("anthropic-version").isEmpty()) {
            response.respond(400, JSON, utf8(error("invalid_request_error", "anthropic-version header is required")));
        } else if (request.method().equals("GET") && request.path().equals("/v1/models")) {
            String body = modelsStatus() == 200 ? "{\"data\":[{\"type\":\"model\",\"id\":\"claude-fake\",\"display_name\":\"Fake\"}],\"has_more\":false}"
                    : errorBody(modelsStatus());
            response.respond(modelsStatus(), JSON, utf8(body));
        } else if (request.method().equals("POST") && request.path().equals("/v1/messages")) {
            messages(request, behavior, response);
        } else {
            response.respond(404, JSON, utf8(error("not_found_error", "no route " + request.path())));
        }
    }

    private void messages(RecordedRequest request, UpstreamBehavior behavior, HttpResponseWriter response)
            throws IOException, InterruptedException {
        JsonNode req = MAPPER.readTree(request.body());
        if (!req.path("max_tokens").isInt()) {
            response.respond(400, JSON, utf8(error("invalid_request_error", "max_tokens: Field required")));
            return;
        }
        String lastUser = "";
        Optional<String> toolResult = Optional.empty();
        int promptTokens = ScriptedReply.countWords(req.path("system").asText(""));
        for (JsonNode m : req.path("messages")) {
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                promptTokens += ScriptedReply.countWords(content.asText());
                if (m.path("role").asText().equals("user")) {
                    lastUser = content.asText();
                    toolResult = Optional.empty();
                }
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode block : content) {
                switch (block.path("type").asText()) {
                    case "text" -> text.append(text.isEmpty() ? "" : "\n").append(block.path("text").asText());
                    case "tool_result" -> toolResult = Optional.of(block.path("content").asText());
                    default -> { }
                }
            }
            promptTokens += ScriptedReply.countWords(text.toString());
            if (m.path("role").asText().equals("user") && !text.isEmpty()) {
                lastUser = text.toString();
                toolResult = Optional.empty();
            }
        }
        List<String> tools = new ArrayList<>();
        for (JsonNode t : req.path("tools")) tools.add(t.path("name").asText());
        Optional<String> forced = req.path("tool_choice").path("type").asText().equals("tool")
                ? Optional.of(req.path("tool_choice").path("name").asText()) : Optional.empty();
        List<String> stop = new ArrayList<>();
        for (JsonNode s : req.path("stop_sequences")) stop.add(s.asText());
        ScriptedReply reply = ScriptedReply.of(lastUser, toolResult, tools, forced, stop, req.path("max_tokens").asInt());
        String stopReason = switch (reply.finishReason()) {
            case "length" -> "max_tokens";
            case "tool_calls" -> "tool_use";
            default -> reply.matchedStop().isPresent() ? "stop_sequence" : "end_turn";
        };
        String id = "msg_fake" + ids.incrementAndGet();
        String model = req.path("model").asText();
        if (!req.path("stream").asBoolean(false)) {
            ObjectNode body = MAPPER.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
            var content = body.putArray("content");
            if (reply.toolName().isPresent()) {
                content.addObject().put("type", "tool_use").put("id", "toolu_" + reply.toolName().get()).put("name", reply.toolName().get())
                        .set("input", MAPPER.readTree(reply.toolArguments()));
            } else {
                content.addObject().put("type", "text").put("text", reply.text());
            }
            body.put("stop_reason", stopReason);
            if (reply.matchedStop().isPresent()) body.put("stop_sequence", reply.matchedStop().get());
            else body.putNull("stop_sequence");
            body.set("usage", usage(promptTokens, reply.completionTokens()));
            response.respond(200, JSON, MAPPER.writeValueAsBytes(body));
            return;
        }
        List<String> events = new ArrayList<>();
        ObjectNode start = MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.set("usage", usage(promptTokens, 1));
        events.add(event("message_start", start));
        events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        ObjectNode blockStart = MAPPER.createObjectNode().put("type", "content_block_start").put("index", 0);
        if (reply.toolName().isPresent()) {
            blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_" + reply.toolName().get())
                    .put("name", reply.toolName().get()).putObject("input");
            events.add(event("content_block_start", blockStart));
            String args = reply.toolArguments();
            int half = args.length() / 2;
            for (String part : List.of(args.substring(0, half), args.substring(half))) {
                ObjectNode d = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", 0);
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
                events.add(event("content_block_delta", d));
            }
        } else {
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            events.add(event("content_block_start", blockStart));
            for (String piece : reply.pieces()) {
                ObjectNode d = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", 0);
                d.putObject("delta").put("type", "text_delta").put("text", piece);
                events.add(event("content_block_delta", d));
            }
        }
        events.add(event("content_block_stop", MAPPER.createObjectNode().put("type", "content_block_stop").put("index", 0)));
        ObjectNode delta = MAPPER.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", reply.completionTokens());
        events.add(event("message_delta", delta));
        stream(response, behavior, events, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    private ObjectNode usage(int prompt, int output) {
        // like the API, input_tokens excludes what was read from the cache
        return MAPPER.createObjectNode().put("input_tokens", Math.max(0, prompt - cacheReadTokens))
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", cacheReadTokens).put("output_tokens", output);
    }

    private static String event(String name, ObjectNode data) throws IOException {
        return "event: " + name + "\ndata: " + MAPPER.writeValueAsString(data) + "\n\n";
    }

    @Override
    protected String errorBody(int status) {
        String type = switch (status) {
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            case 401 -> "authentication_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        return error(type, "fake upstream answered " + status);
    }

    private static String error(String type, String message) {
        ObjectNode root = MAPPER.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
