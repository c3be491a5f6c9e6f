package io.tiergate.store.gguf;

import java.util.Optional;

/**
 * What the store records about a GGUF model, read from its header.
 *
 * @param architecture   {@code general.architecture}, e.g. {@code qwen3}
 * @param parameterCount total tensor elements over all parts (the model's parameter count)
 * @param fileType       {@code general.file_type} as llama.cpp names it (e.g. {@code Q8_0}), "unknown" when absent
 * @param contextLength  {@code <arch>.context_length} in tokens, 0 when the file does not say
 * @param chatTemplate   {@code tokenizer.chat_template}, empty when absent
 */
public record GgufSummary(String architecture, long parameterCount, String fileType, long contextLength, String chatTemplate) {

    public Optional<String> template() {
        return chatTemplate.isEmpty() ? Optional.empty() : Optional.of(chatTemplate);
    }

    /** Sums parameters of several split parts; the other fields come from the first part. */
    public GgufSummary plusParameters(long more) {
        return new GgufSummary(architecture, parameterCount + more, fileType, contextLength, chatTemplate);
    }
}
