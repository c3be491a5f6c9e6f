package io.tiergate.backends;

import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.api.TokenLogprob;
import io.tiergate.api.ToolCall;
import io.tiergate.api.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the whole {@link ChatResponse} from streamed chunks, in arrival order: text is
 * concatenated per choice, tool-call fragments are joined by their index (id and name from the first
 * fragment), logprobs appended, the last finish reason and the last usage kept. Not thread-safe:
 * one per stream.
 */
public final class ChatChunkAssembler {
    private String id = "";
    private String model = "";
    private long created;
    private Usage usage = Usage.ZERO;
    private final TreeMap<Integer, ChoiceState> choices = new TreeMap<>();

    private static final class ChoiceState {
        final StringBuilder text = new StringBuilder();
        final TreeMap<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name}
        final TreeMap<Integer, StringBuilder> arguments = new TreeMap<>();
        List<TokenLogprob> logprobs;
        String finishReason = "stop";
    }

    public void add(ChatChunk chunk) {
        if (id.isEmpty()) id = chunk.id();
        if (model.isEmpty()) model = chunk.model();
        if (created == 0) created = chunk.createdEpochSeconds();
        chunk.usage().ifPresent(u -> usage = u);
        for (ChatChunk.Delta d : chunk.choices()) {
            ChoiceState s = choices.computeIfAbsent(d.index(), i -> new ChoiceState());
            d.content().ifPresent(s.text::append);
            for (ChatChunk.ToolCallDelta t : d.toolCalls()) {
                String[] head = s.calls.computeIfAbsent(t.index(), i -> new String[] {"", ""});
                t.id().ifPresent(v -> head[0] = v);
                t.name().ifPresent(v -> head[1] = head[1] + v);
                s.arguments.computeIfAbsent(t.index(), i -> new StringBuilder()).append(t.argumentsFragment());
            }
            d.logprobs().ifPresent(l -> {
                if (s.logprobs == null) s.logprobs = new ArrayList<>();
                s.logprobs.addAll(l);
            });
            d.finishReason().ifPresent(f -> s.finishReason = f);
        }
    }

    /** Usage seen so far (the last usage a chunk carried). */
    public Usage usage() {
        return usage;
    }

    public ChatResponse response() {
        List<ChatChoice> out = new ArrayList<>(choices.size());
        choices.forEach((index, s) -> {
            List<ToolCall> calls = new ArrayList<>();
            s.calls.forEach((i, head) -> calls.add(new ToolCall(head[0], head[1], s.arguments.get(i).toString())));
            List<ContentPart> content = s.text.isEmpty() && !calls.isEmpty() ? List.of() : List.of(new ContentPart.Text(s.text.toString()));
            ChatMessage m = new ChatMessage(Role.ASSISTANT, content, false, Optional.empty(), calls, Optional.empty());
            out.add(new ChatChoice(index, m, s.finishReason, Optional.ofNullable(s.logprobs)));
        });
        return new ChatResponse(id, model, created, out, usage, Optional.empty());
    }
}
