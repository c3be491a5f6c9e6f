package io.tiergate.testkit.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deterministic answer both fake upstreams give, computed from the dialect-neutral facts of a
 * request. Text replies are "You said: " + the last user text, cut into word pieces (one piece = one
 * token = one stream event); a stop sequence cuts the text before it; {@code maxTokens} cuts the
 * pieces (finish "length"). When tools are offered and the last user text names one (or tool choice
 * forces one) the reply is a call to it with {@code {"text": <last user text>}}. After a tool result
 * the reply is "Tool said: " + that result.
 *
 * @param finishReason OpenAI's words: stop, length, tool_calls
 */
public record ScriptedReply(List<String> pieces, Optional<String> toolName, String toolArguments, String finishReason,
                            Optional<String> matchedStop) {

    public ScriptedReply {
        pieces = List.copyOf(pieces);
    }

    public static ScriptedReply of(String lastUserText, Optional<String> lastToolResult, List<String> toolNames,
                                   Optional<String> forcedTool, List<String> stop, int maxTokens) {
        Optional<String> tool = forcedTool.isPresent() ? forcedTool
                : lastToolResult.isPresent() ? Optional.empty()
                : toolNames.stream().filter(lastUserText::contains).findFirst();
        if (tool.isPresent()) {
            String args = "{\"text\":\"" + lastUserText.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            return new ScriptedReply(List.of(), tool, args, "tool_calls", Optional.empty());
        }
        String text = lastToolResult.map(r -> "Tool said: " + r).orElse("You said: " + lastUserText);
        String finish = "stop";
        Optional<String> matched = Optional.empty();
        for (String s : stop) {
            int at = text.indexOf(s);
            if (at >= 0) {
                text = text.substring(0, at);
                matched = Optional.of(s);
            }
        }
        List<String> pieces = split(text);
        if (pieces.size() > maxTokens) {
            pieces = pieces.subList(0, maxTokens);
            finish = "length";
        }
        return new ScriptedReply(pieces, Optional.empty(), "", finish, matched);
    }

    public String text() {
        return String.join("", pieces);
    }

    public int completionTokens() {
        return toolName.isPresent() ? 5 : pieces.size();
    }

    /** Word pieces: each word carries its leading space ("You", " said:", " hi"). */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                if (i > start) out.add(text.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    /** Prompt token count: whitespace-separated words. */
    public static int countWords(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
