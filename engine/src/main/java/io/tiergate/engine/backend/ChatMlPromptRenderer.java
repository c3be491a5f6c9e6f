package io.tiergate.engine.backend;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.Role;
import io.tiergate.api.ToolDefinition;

import java.util.List;

/**
 * The ChatML layout ({@code <|im_start|>role\ntext<|im_end|>\n}), used by SmolLM2 and Qwen, for
 * models whose file carries no usable chat template.
 */
public final class ChatMlPromptRenderer implements PromptRenderer {

    @Override
    public String render(List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            String role = m.role() == Role.DEVELOPER ? "system" : m.role().wireName();
            sb.append("<|im_start|>").append(role).append('\n').append(io.tiergate.engine.template.MessageContent.text(m)).append("<|im_end|>\n");
        }
        if (addGenerationPrompt) sb.append("<|im_start|>assistant\n");
        return sb.toString();
    }
}
