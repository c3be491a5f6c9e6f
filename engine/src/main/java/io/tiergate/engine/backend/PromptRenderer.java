package io.tiergate.engine.backend;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ToolDefinition;

import java.util.List;

/** Turns a conversation into the prompt text a model was trained on (its chat template). */
@FunctionalInterface
public interface PromptRenderer {

    String render(List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt);
}
