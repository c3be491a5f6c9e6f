package io.tiergate.engine.sample;

import io.tiergate.api.GenerationParams;
import io.tiergate.api.InvalidRequestException;

import java.util.OptionalLong;

/**
 * How the next token is chosen. Temperature 0 means greedy. Defaults are llama.cpp's
 * (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties); {@code penaltyWindow} is how many
 * recent tokens the penalties look at. An empty seed means a fresh random seed per request.
 */
public record SamplingParams(
        float temperature, int topK, float topP, float minP,
        float repeatPenalty, float frequencyPenalty, float presencePenalty, int penaltyWindow,
        OptionalLong seed) {

    public SamplingParams {
        if (!(temperature >= 0) || temperature > 100) throw new InvalidRequestException("temperature must be between 0 and 100, got " + temperature, "temperature");
        if (topK < 0) throw new InvalidRequestException("top_k must not be negative, got " + topK, "top_k");
        if (!(topP > 0 && topP <= 1)) throw new InvalidRequestException("top_p must be in (0, 1], got " + topP, "top_p");
        if (!(minP >= 0 && minP <= 1)) throw new InvalidRequestException("min_p must be in [0, 1], got " + minP, "min_p");
        if (!(repeatPenalty > 0)) throw new InvalidRequestException("repeat_penalty must be positive, got " + repeatPenalty, "repeat_penalty");
        if (Math.abs(frequencyPenalty) > 2) throw new InvalidRequestException("frequency_penalty must be between -2 and 2, got " + frequencyPenalty, "frequency_penalty");
        if (Math.abs(presencePenalty) > 2) throw new InvalidRequestException("presence_penalty must be between -2 and 2, got " + presencePenalty, "presence_penalty");
    }

    public static SamplingParams defaults() {
        return new SamplingParams(0.8f, 40, 0.95f, 0.05f, 1f, 0f, 0f, 64, OptionalLong.empty());
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0f, 1f, 0f, 0f, 64, OptionalLong.empty());
    }

    /** The request's parameters over the defaults. */
    public static SamplingParams from(GenerationParams p) {
        SamplingParams d = defaults();
        return new SamplingParams(
                (float) p.temperature().orElse(d.temperature()),
                p.topK().orElse(d.topK()),
                (float) p.topP().orElse(d.topP()),
                (float) p.minP().orElse(d.minP()),
                (float) p.repeatPenalty().orElse(d.repeatPenalty()),
                (float) p.frequencyPenalty().orElse(d.frequencyPenalty()),
                (float) p.presencePenalty().orElse(d.presencePenalty()),
                d.penaltyWindow(),
                p.seed());
    }
}
