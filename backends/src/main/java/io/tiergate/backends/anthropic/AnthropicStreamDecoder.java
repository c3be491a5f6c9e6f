package io.tiergate.backends.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.Role;
import io.tiergate.api.Usage;
import io.tiergate.backends.http.ChatEventDecoder;
import io.tiergate.backends.http.SseReader;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Anthropic's stream events into OpenAI-shaped chunks. message_start gives the id, model and
 * input usage (a role chunk goes out); text_delta and thinking_delta become content and reasoning;
 * a tool_use block start becomes the first fragment of a tool call (id, name) and its
 * input_json_delta events the argument fragments, numbered by tool order; message_delta carries the
 * stop reason (a finish chunk) and the output usage (a usage-only chunk); message_stop ends the
 * stream; an error event fails it. One decoder per call.
 */
final class AnthropicStreamDecoder implements ChatEventDecoder {
    private final long created;
    private String id = "";
    private String model = "";
    private Usage startUsage = Usage.ZERO;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();

    AnthropicStreamDecoder(long createdEpochSeconds) {
        this.created = createdEpochSeconds;
    }

    @Override
    public Step decode(SseReader.Event event) {
        JsonNode e = AnthropicJson.parse(event.data());
        String type = e.path("type").asText(event.type());
        return switch (type) {
            case "message_start" -> {
                JsonNode m = e.path("message");
                id = m.path("id").asText("");
                model = m.path("model").asText("");
                startUsage = AnthropicResponseReader.usage(m.path("usage"), 0);
                yield new Step.Emit(chunk(new ChatChunk.Delta(0, Optional.of(Role.ASSISTANT), Optional.of(""), Optional.empty(),
                        List.of(), Optional.empty(), Optional.empty())));
            }
            case "content_block_start" -> {
                JsonNode block = e.path("content_block");
                if (!block.path("type").asText().equals("tool_use")) yield Step.SKIP;
                int toolIndex = toolIndexByBlock.size();
                toolIndexByBlock.put(e.path("index").asInt(), toolIndex);
                yield new Step.Emit(chunk(toolDelta(new ChatChunk.ToolCallDelta(toolIndex, Optional.of(block.path("id").asText("")),
                        Optional.of(block.path("name").asText("")), ""))));
            }
            case "content_block_delta" -> {
                JsonNode d = e.path("delta");
                yield switch (d.path("type").asText()) {
                    case "text_delta" -> new Step.Emit(chunk(ChatChunk.Delta.text(0, d.path("text").asText(""))));
                    case "thinking_delta" -> new Step.Emit(chunk(new ChatChunk.Delta(0, Optional.empty(), Optional.empty(),
                            Optional.of(d.path("thinking").asText("")), List.of(), Optional.empty(), Optional.empty())));
                    case "input_json_delta" -> {
                        Integer toolIndex = toolIndexByBlock.get(e.path("index").asInt());
                        if (toolIndex == null) yield Step.SKIP;
                        yield new Step.Emit(chunk(toolDelta(new ChatChunk.ToolCallDelta(toolIndex, Optional.empty(), Optional.empty(),
                                d.path("partial_json").asText("")))));
                    }
                    default -> Step.SKIP;
                };
            }
            case "message_delta" -> {
                String finish = AnthropicResponseReader.finishReason(e.path("delta").path("stop_reason").asText("end_turn"));
                long output = e.path("usage").path("output_tokens").asLong(startUsage.completionTokens());
                Usage usage = new Usage(startUsage.promptTokens(), output, startUsage.cachedTokens(), 0);
                ChatChunk finishChunk = chunk(new ChatChunk.Delta(0, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                        Optional.of(finish), Optional.empty()));
                yield new Step.Emit(List.of(finishChunk, new ChatChunk(id, model, created, List.of(), Optional.of(usage))));
            }
            case "message_stop" -> Step.DONE;
            case "error" -> {
                JsonNode err = e.path("error");
                String kind = err.path("type").asText("");
                yield new Step.Fail(kind.equals("overloaded_error") ? BackendFailure.Kind.OVERLOADED : BackendFailure.Kind.SERVER_ERROR,
                        kind + ": " + err.path("message").asText(""));
            }
            default -> Step.SKIP; // ping, content_block_stop, future event types
        };
    }

    private static ChatChunk.Delta toolDelta(ChatChunk.ToolCallDelta t) {
        return new ChatChunk.Delta(0, Optional.empty(), Optional.empty(), Optional.empty(), List.of(t), Optional.empty(), Optional.empty());
    }

    private ChatChunk chunk(ChatChunk.Delta delta) {
        return new ChatChunk(id, model, created, List.of(delta), Optional.empty());
    }

    @Override
    public ChatResponse decodeWhole(byte[] body) {
        return AnthropicResponseReader.read(AnthropicJson.parse(body), created);
    }

    @Override
    public Optional<String> errorMessage(byte[] body) {
        return io.tiergate.backends.openai.OpenAiJson.errorMessage(body);
    }
}
