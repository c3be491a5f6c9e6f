package io.tiergate.engine.generate;

import io.tiergate.api.TokenLogprob;
import io.tiergate.engine.model.Session;
import io.tiergate.engine.sample.Logprobs;
import io.tiergate.engine.sample.TokenSampler;
import io.tiergate.engine.tokenizer.Tokenizer;
import io.tiergate.engine.tokenizer.Utf8StreamDecoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One request's generation, driven step by step by whoever runs the forward passes (alone, or batched
 * with other sequences): {@link #nextInput} gives the tokens to feed (a chunk of the prompt, then the
 * last sampled token), {@link #accept} takes the logits after them.
 */
public final class GenerationSequence {

    private final Session session;
    private final int[] prompt;
    private final TokenSampler sampler;
    private final Tokenizer tokenizer;
    private final GenerationLimits limits;
    private final ContextBudget budget;
    private final GenerationListener listener;
    private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
    private final StopStringMatcher stops;
    private final List<TokenLogprob> logprobs = new ArrayList<>();
    private final List<TokenLogprob> pendingLogprobs = new ArrayList<>();
    private int[] generated = new int[16];
    private int generatedCount;
    private int fed;
    private int lastInputLength;
    private Optional<String> finishReason = Optional.empty();

    public GenerationSequence(Session session, int[] prompt, TokenSampler sampler, Tokenizer tokenizer, GenerationLimits limits,
                              ContextBudget budget, GenerationListener listener) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        this.session = session;
        this.prompt = prompt.clone();
        this.sampler = sampler;
        this.tokenizer = tokenizer;
        this.limits = limits;
        this.budget = budget;
        this.listener = listener;
        this.stops = new StopStringMatcher(limits.stop());
        for (int t : prompt) sampler.accept(t);
    }

    public Session session() { return session; }

    public boolean finished() { return finishReason.isPresent(); }

    /** True while prompt tokens are still to be fed. */
    public boolean prefilling() { return fed < prompt.length; }

    /** The tokens for the next forward pass: up to {@code maxChunk} prompt tokens, or the last sampled token. */
    public int[] nextInput(int maxChunk) {
        if (finished()) throw new IllegalStateException("sequence is finished");
        int[] in = fed < prompt.length
                ? Arrays.copyOfRange(prompt, fed, Math.min(prompt.length, fed + maxChunk))
                : new int[]{generated[generatedCount - 1]};
        lastInputLength = in.length;
        return in;
    }

    /** Takes the logits after the tokens of the last {@link #nextInput}; samples once the prompt is in. */
    public void accept(float[] logits) {
        if (fed < prompt.length) {
            fed += lastInputLength;
            if (fed < prompt.length) return;
        }
        int token = sampler.sample(logits);
        if (tokenizer.isEog(token)) {
            finish("stop");
            return;
        }
        sampler.accept(token);
        if (generatedCount == generated.length) generated = Arrays.copyOf(generated, generated.length * 2);
        generated[generatedCount++] = token;
        if (limits.logprobs()) {
            Logprobs lp = new Logprobs(logits);
            List<TokenLogprob.Alternative> top = lp.top(limits.topLogprobs()).stream()
                    .map(e -> new TokenLogprob.Alternative(tokenizer.tokenText(e.token()), e.logprob())).toList();
            TokenLogprob t = new TokenLogprob(tokenizer.tokenText(token), lp.of(token).logprob(), top);
            logprobs.add(t);
            pendingLogprobs.add(t);
        }
        String text = stops.append(utf8.accept(tokenizer.piece(token)));
        if (!emit(text)) {
            finish("cancelled");
        } else if (stops.stopped()) {
            finish("stop");
        } else if (generatedCount >= budget.maxTokens() || session.remaining() <= 0) {
            finish("length");
        }
    }

    /** Stops the sequence from outside (client gone, shutdown). */
    public void cancel() {
        if (!finished()) finishReason = Optional.of("cancelled");
    }

    private boolean emit(String text) {
        if (text.isEmpty()) return true; // logprobs wait for the text their tokens make
        List<TokenLogprob> lp = List.copyOf(pendingLogprobs);
        pendingLogprobs.clear();
        return listener.onText(text, lp);
    }

    private void finish(String reason) {
        if (!reason.equals("cancelled")) {
            String tail = stops.stopped() ? "" : stops.append(utf8.finish());
            tail += stops.flush();
            if (!tail.isEmpty() || !pendingLogprobs.isEmpty()) {
                listener.onText(tail, List.copyOf(pendingLogprobs));
                pendingLogprobs.clear();
            }
        }
        finishReason = Optional.of(reason);
    }

    public GenerationResult result() {
        if (!finished()) throw new IllegalStateException("sequence is not finished");
        return new GenerationResult(stops.text(), Arrays.copyOf(generated, generatedCount),
                prompt.length, finishReason.orElseThrow(), logprobs, budget.maxTokens(), budget.requestedMaxTokens());
    }
}
