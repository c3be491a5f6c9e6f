package io.tiergate.backends.openai;

import java.util.Locale;
import java.util.Map;

/**
 * What one OpenAI-compatible server accepts, as data, so one backend class serves them all.
 *
 * @param maxTokensField   the output cap's name: "max_completion_tokens" (OpenAI, Groq) or "max_tokens"
 * @param streamOptions    accepts {@code stream_options.include_usage} (usage at the end of a stream)
 * @param localSampling    accepts the local-server extensions top_k, min_p, repeat_penalty
 * @param logprobs         accepts logprobs / top_logprobs
 * @param metadata         accepts the metadata object
 * @param auth             how the API key travels
 * @param extraHeaders     sent with every request (the configured headers are added on top)
 */
public record OpenAiQuirks(String maxTokensField, boolean streamOptions, boolean localSampling, boolean logprobs,
                           boolean metadata, AuthStyle auth, Map<String, String> extraHeaders) {

    public enum AuthStyle {
        /** {@code Authorization: Bearer <key>} (when a key is configured). */
        BEARER,
        /** {@code api-key: <key>} (Azure OpenAI style). */
        API_KEY_HEADER
    }

    public OpenAiQuirks {
        if (!maxTokensField.equals("max_tokens") && !maxTokensField.equals("max_completion_tokens")) {
            throw new IllegalArgumentException("maxTokensField must be max_tokens or max_completion_tokens, got " + maxTokensField);
        }
        extraHeaders = Map.copyOf(extraHeaders);
    }

    /** OpenAI itself: everything standard, nothing local. The codec's default when writing requests. */
    public static final OpenAiQuirks OPENAI = new OpenAiQuirks("max_completion_tokens", true, false, true, true, AuthStyle.BEARER, Map.of());

    /** Presets by configuration name: ollama, lmstudio, llamacpp, vllm, openai, groq, together, mistral, azure, generic. */
    public static OpenAiQuirks preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "openai" -> OPENAI;
            // Ollama's /v1 and LM Studio ignore what they do not know; both report usage when asked.
            case "ollama", "lmstudio" -> new OpenAiQuirks("max_tokens", true, true, true, false, AuthStyle.BEARER, Map.of());
            case "llamacpp", "vllm" -> new OpenAiQuirks("max_tokens", true, true, true, false, AuthStyle.BEARER, Map.of());
            // Groq rejects logprobs and unknown sampling fields.
            case "groq" -> new OpenAiQuirks("max_completion_tokens", true, false, false, false, AuthStyle.BEARER, Map.of());
            case "together" -> new OpenAiQuirks("max_tokens", true, true, true, false, AuthStyle.BEARER, Map.of());
            // Mistral rejects unknown fields (422) and has no logprobs or stream_options.
            case "mistral" -> new OpenAiQuirks("max_tokens", false, false, false, false, AuthStyle.BEARER, Map.of());
            case "azure" -> new OpenAiQuirks("max_completion_tokens", true, false, true, false, AuthStyle.API_KEY_HEADER, Map.of());
            case "generic" -> new OpenAiQuirks("max_tokens", true, false, true, false, AuthStyle.BEARER, Map.of());
            default -> throw new IllegalArgumentException("unknown quirks preset '" + name
                    + "' (expected ollama, lmstudio, llamacpp, vllm, openai, groq, together, mistral, azure or generic)");
        };
    }
}
