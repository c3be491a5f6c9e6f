package io.tiergate.gateway;

import io.tiergate.api.ChatChunk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stream to the caller of a masked request, with the masked values put back into each choice's text,
 * reasoning text and tool-call arguments (see {@link PlaceholderRestorer}); a choice's held-back tails
 * go out with its finish reason. Used only when the policy masked something, so other streams pay
 * nothing for it.
 */
final class RestoringStream implements GatewayStream {

    private final GatewayStream caller;
    private final Map<String, String> values;
    private final Map<Integer, PlaceholderRestorer> text = new HashMap<>();
    private final Map<Integer, PlaceholderRestorer> reasoning = new HashMap<>();
    /** Per choice, per tool call index. */
    private final Map<Integer, Map<Integer, PlaceholderRestorer>> arguments = new HashMap<>();

    RestoringStream(GatewayStream caller, Map<String, String> values) {
        this.caller = caller;
        this.values = values;
    }

    @Override
    public boolean onChunk(RouteInfo route, ChatChunk chunk) {
        return caller.onChunk(route, restored(chunk));
    }

    @Override
    public boolean onChunk(RouteInfo route, ChatChunk chunk, boolean hold) {
        return caller.onChunk(route, restored(chunk), hold);
    }

    @Override
    public void flush() {
        caller.flush();
    }

    ChatChunk restored(ChatChunk chunk) {
        if (chunk.choices().isEmpty()) return chunk;
        List<ChatChunk.Delta> deltas = new ArrayList<>(chunk.choices().size());
        for (ChatChunk.Delta d : chunk.choices()) deltas.add(restored(d));
        return new ChatChunk(chunk.id(), chunk.model(), chunk.createdEpochSeconds(), deltas, chunk.usage());
    }

    private ChatChunk.Delta restored(ChatChunk.Delta d) {
        boolean last = d.finishReason().isPresent();
        PlaceholderRestorer r = text.computeIfAbsent(d.index(), i -> new PlaceholderRestorer(values, false));
        Optional<String> content = restored(d.content(), r, last);
        PlaceholderRestorer thinking = reasoning.computeIfAbsent(d.index(), i -> new PlaceholderRestorer(values, false));
        Optional<String> reasoningContent = restored(d.reasoningContent(), thinking, last);
        Map<Integer, PlaceholderRestorer> calls = arguments.computeIfAbsent(d.index(), i -> new HashMap<>());
        List<ChatChunk.ToolCallDelta> tools = new ArrayList<>(d.toolCalls().size());
        for (ChatChunk.ToolCallDelta t : d.toolCalls()) {
            PlaceholderRestorer a = calls.computeIfAbsent(t.index(), i -> new PlaceholderRestorer(values, true));
            tools.add(new ChatChunk.ToolCallDelta(t.index(), t.id(), t.name(), a.push(t.argumentsFragment())));
        }
        if (last) {
            // a tool call's held tail joins the finishing delta as one more fragment of that call
            for (var e : calls.entrySet()) {
                String rest = e.getValue().finish();
                if (!rest.isEmpty()) tools.add(new ChatChunk.ToolCallDelta(e.getKey(), Optional.empty(), Optional.empty(), rest));
            }
        }
        return new ChatChunk.Delta(d.index(), d.role(), content, reasoningContent, tools, d.finishReason(), d.logprobs());
    }

    /** One delta's piece of a text, restored; with the choice's last delta, what was held back too. */
    private static Optional<String> restored(Optional<String> piece, PlaceholderRestorer r, boolean last) {
        Optional<String> out = piece.map(r::push);
        if (last) {
            String rest = r.finish();
            if (!rest.isEmpty()) out = Optional.of(out.orElse("") + rest);
        }
        return out;
    }
}
