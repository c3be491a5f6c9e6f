package io.tiergate.engine.sample;

import io.tiergate.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TokenSamplerTest {

    private static final float[] LOGITS = {1f, 3f, 2.9f, -1f, 0.5f, 2.95f};

    private static SamplingParams params(float temp, int topK, float topP, float minP, float repeat, long seed) {
        return new SamplingParams(temp, topK, topP, minP, repeat, 0f, 0f, 64, OptionalLong.of(seed));
    }

    @Test
    void greedyPicksTheLargestLogit() {
        assertThat(new TokenSampler(SamplingParams.greedy()).sample(LOGITS)).isEqualTo(1);
    }

    @Test
    void theSameSeedDrawsTheSameTokens() {
        TokenSampler a = new TokenSampler(params(1f, 0, 1f, 0f, 1f, 99));
        TokenSampler b = new TokenSampler(params(1f, 0, 1f, 0f, 1f, 99));
        StringBuilder sa = new StringBuilder();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sa.append(a.sample(LOGITS));
            sb.append(b.sample(LOGITS));
        }
        assertThat(sa.toString()).isEqualTo(sb.toString());
        assertThat(sa.chars().distinct().count()).as("temperature 1 explores").isGreaterThan(2);
    }

    @Test
    void topKOneIsGreedyAndTopKLimitsTheCandidates() {
        TokenSampler k1 = new TokenSampler(params(5f, 1, 1f, 0f, 1f, 1));
        for (int i = 0; i < 20; i++) assertThat(k1.sample(LOGITS)).isEqualTo(1);
        TokenSampler k3 = new TokenSampler(params(50f, 3, 1f, 0f, 1f, 2));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) seen.add(k3.sample(LOGITS));
        assertThat(seen).containsExactlyInAnyOrder(1, 2, 5);
    }

    @Test
    void minPDropsUnlikelyTokensAndTopPKeepsTheNucleus() {
        TokenSampler minP = new TokenSampler(params(50f, 0, 1f, 0.5f, 1f, 3));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) seen.add(minP.sample(LOGITS));
        assertThat(seen).containsExactlyInAnyOrder(1, 2, 5);
        TokenSampler topP = new TokenSampler(params(50f, 0, 0.3f, 0f, 1f, 4));
        seen.clear();
        for (int i = 0; i < 300; i++) seen.add(topP.sample(LOGITS));
        assertThat(seen).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void repetitionPenaltyTurnsAwayFromRecentTokens() {
        TokenSampler s = new TokenSampler(params(0f, 0, 1f, 0f, 1.5f, 5));
        s.accept(1);
        assertThat(s.sample(LOGITS)).isEqualTo(5);
        TokenSampler presence = new TokenSampler(new SamplingParams(0f, 0, 1f, 0f, 1f, 0f, 0.5f, 64, OptionalLong.of(1)));
        presence.accept(1);
        presence.accept(5);
        assertThat(presence.sample(LOGITS)).isEqualTo(2);
        TokenSampler frequency = new TokenSampler(new SamplingParams(0f, 0, 1f, 0f, 1f, 0.04f, 0f, 64, OptionalLong.of(1)));
        for (int i = 0; i < 3; i++) frequency.accept(1);
        assertThat(frequency.sample(LOGITS)).isEqualTo(5);
    }

    @Test
    void logprobsAreANormalisedLogSoftmaxWithTopAlternatives() {
        Logprobs lp = new Logprobs(LOGITS);
        double total = 0;
        for (int i = 0; i < LOGITS.length; i++) total += Math.exp(lp.of(i).logprob());
        assertThat(total).isCloseTo(1.0, within(1e-6));
        assertThat(lp.top(3)).extracting(Logprobs.Entry::token).containsExactly(1, 5, 2);
    }

    @Test
    void rejectsOutOfRangeParametersNamingTheField() {
        assertThatThrownBy(() -> params(-1f, 0, 1f, 0f, 1f, 1)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("temperature");
        assertThatThrownBy(() -> params(1f, 0, 0f, 0f, 1f, 1)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("top_p");
        assertThatThrownBy(() -> params(1f, -2, 1f, 0f, 1f, 1)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("top_k");
    }
}
