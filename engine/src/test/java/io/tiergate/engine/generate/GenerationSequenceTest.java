package io.tiergate.engine.generate;

import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.TokenLogprob;
import io.tiergate.engine.model.Model;
import io.tiergate.engine.sample.SamplingParams;
import io.tiergate.engine.sample.TokenSampler;
import io.tiergate.engine.tokenizer.Tokenizer;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerationSequenceTest {

    @TempDir
    static Path dir;
    static Model model;
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        Path p = SyntheticModelWriter.write(dir.resolve("tiny.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 7);
        model = Model.load(p, 2);
        tokenizer = Tokenizer.fromGguf(model.metadata());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private GenerationResult generate(String prompt, SamplingParams sp, OptionalInt max, List<String> stop, int context,
                                      GenerationListener listener) {
        int[] ids = tokenizer.encode(prompt, false, false);
        ContextBudget budget = ContextBudget.of(ids.length, context, max);
        GenerationSequence seq = new GenerationSequence(model.newSession(context), ids, new TokenSampler(sp), tokenizer,
                new GenerationLimits(budget.maxTokens(), stop, true, 3), budget, listener);
        return SequenceRunner.run(model, seq);
    }

    private static SamplingParams seeded(long seed) {
        return new SamplingParams(1f, 40, 0.95f, 0.05f, 1f, 0f, 0f, 64, OptionalLong.of(seed));
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnotherText() {
        GenerationResult a = generate("Once upon a time", seeded(11), OptionalInt.of(24), List.of(), 128, GenerationListener.NONE);
        GenerationResult b = generate("Once upon a time", seeded(11), OptionalInt.of(24), List.of(), 128, GenerationListener.NONE);
        GenerationResult c = generate("Once upon a time", seeded(12), OptionalInt.of(24), List.of(), 128, GenerationListener.NONE);
        assertThat(a.tokens()).isEqualTo(b.tokens());
        assertThat(a.text()).isEqualTo(b.text());
        assertThat(a.tokens()).isNotEqualTo(c.tokens());
    }

    @Test
    void streamsExactlyTheFinalTextWithLogprobsPerToken() {
        StringBuilder streamed = new StringBuilder();
        List<TokenLogprob> lps = new ArrayList<>();
        GenerationResult r = generate("abc", SamplingParams.greedy(), OptionalInt.of(20), List.of(), 128, (text, lp) -> {
            streamed.append(text);
            lps.addAll(lp);
            return true;
        });
        assertThat(r.finishReason()).isIn("length", "stop");
        assertThat(streamed.toString()).isEqualTo(r.text());
        assertThat(r.logprobs()).hasSize(r.completionTokens());
        assertThat(lps).hasSize(r.completionTokens());
        TokenLogprob first = r.logprobs().getFirst();
        assertThat(first.top()).hasSize(3);
        assertThat(first.logprob()).isEqualTo(first.top().getFirst().logprob()); // greedy took the best
        assertThat(r.promptTokens()).isEqualTo(3);
    }

    @Test
    void stopsAtMaxTokensWithFinishReasonLength() {
        GenerationResult r = generate("xyz", SamplingParams.greedy(), OptionalInt.of(5), List.of(), 128, GenerationListener.NONE);
        if (r.finishReason().equals("length")) assertThat(r.completionTokens()).isEqualTo(5);
        else assertThat(r.completionTokens()).isLessThan(5);
    }

    @Test
    void cutsTheTextAtAStopString() {
        GenerationResult free = generate("hello", SamplingParams.greedy(), OptionalInt.of(30), List.of(), 128, GenerationListener.NONE);
        String text = free.text();
        org.junit.jupiter.api.Assumptions.assumeTrue(text.length() >= 6, "model produced too little text: " + text);
        String stop = text.substring(3, 5);
        StringBuilder streamed = new StringBuilder();
        GenerationResult r = generate("hello", SamplingParams.greedy(), OptionalInt.of(30), List.of(stop), 128, (t, lp) -> {
            streamed.append(t);
            return true;
        });
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.text()).isEqualTo(text.substring(0, text.indexOf(stop)));
        assertThat(streamed.toString()).isEqualTo(r.text());
    }

    @Test
    void refusesAPromptLongerThanTheContextWithBothCounts() {
        assertThatThrownBy(() -> generate("a".repeat(40), SamplingParams.greedy(), OptionalInt.empty(), List.of(), 32, GenerationListener.NONE))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("32").hasMessageContaining("40")
                .satisfies(e -> assertThat(((InvalidRequestException) e).status()).isEqualTo(400));
    }

    @Test
    void clampsMaxTokensToTheRoomLeftAndReportsIt() {
        GenerationResult r = generate("0123456789", SamplingParams.greedy(), OptionalInt.of(1000), List.of(), 16, GenerationListener.NONE);
        assertThat(r.maxTokens()).isEqualTo(6);
        assertThat(r.requestedMaxTokens()).hasValue(1000);
        assertThat(r.completionTokens()).isLessThanOrEqualTo(6);
    }

    @Test
    void aListenerThatGivesUpCancelsTheSequence() {
        GenerationResult r = generate("abc", SamplingParams.greedy(), OptionalInt.of(50), List.of(), 128, (t, lp) -> false);
        assertThat(r.finishReason()).isIn("cancelled", "stop");
        assertThat(r.completionTokens()).isLessThan(50);
    }
}
