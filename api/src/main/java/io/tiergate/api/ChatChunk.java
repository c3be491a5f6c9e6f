package io.tiergate.api;

import java.util.List;
import java.util.Optional;

/**
 * One streamed event of a completion (OpenAI's {@code chat.completion.chunk}). The last chunk may carry
 * {@code usage} with no choices, as with {@code stream_options.include_usage}.
 */
public record ChatChunk(String id, String model, long createdEpochSeconds, List<Delta> choices, Optional<Usage> usage) {

    public ChatChunk {
        choices = List.copyOf(choices);
    }

    /**
     * What one choice adds. Tool-call fragments keep OpenAI's streaming shape: the first fragment of a
     * call has its id and name, later ones only more argument text, matched by {@code index}.
     */
    public record Delta(int index, Optional<Role> role, Optional<String> content, Optional<String> reasoningContent,
                        List<ToolCallDelta> toolCalls, Optional<String> finishReason,
                        Optional<List<TokenLogprob>> logprobs) {
        public Delta {
            toolCalls = List.copyOf(toolCalls);
        }

        public static Delta text(int index, String content) {
            return new Delta(index, Optional.empty(), Optional.of(content), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        }
    }

    public record ToolCallDelta(int index, Optional<String> id, Optional<String> name, String argumentsFragment) {}
}
