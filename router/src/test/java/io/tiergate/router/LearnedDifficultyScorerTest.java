package io.tiergate.router;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Difficulty;
import io.tiergate.api.Locality;
import io.tiergate.api.Role;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.TierRef;
import io.tiergate.api.TiergateException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The shipped router end to end: real MiniLM weights, the built-in router file, real requests. */
class LearnedDifficultyScorerTest {
    private static RouterFactory.LoadedRouter loaded;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        loaded = RouterFactory.fromConfig(RouterConfig.defaults());
    }

    private static Difficulty score(String prompt) {
        return loaded.scorer().score(ChatRequest.ofUser("auto", prompt));
    }

    @Test
    void scoresAreProbabilitiesWithTheStrongestSignalsFirst() {
        Difficulty d = score("Solve for x: 3x^2 - 12x + 9 = 0, and explain each step.");
        assertThat(d.score()).isBetween(0.0, 1.0);
        assertThat(d.signals()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        for (int i = 1; i < d.signals().size(); i++) {
            assertThat(Math.abs(d.signals().get(i - 1).contribution())).isGreaterThanOrEqualTo(Math.abs(d.signals().get(i).contribution()));
        }
    }

    @Test
    void aQuantitativeWordProblemScoresAboveSmallTalk() {
        double greeting = score("hi there, how are you?").score();
        double haiku = score("Write a haiku about autumn.").score();
        double problem = score("A tank holds 250 liters. Water flows in at 12.5 L/min and out at 4 L/min. "
                + "After how many minutes is it full if it starts with 40 liters? Show your steps.").score();
        assertThat(problem).isGreaterThan(greeting).isGreaterThan(haiku);
    }

    @Test
    void emptyEnormousAndNonTextRequestsAreScoredWithoutFailing() {
        assertThat(score("").score()).isBetween(0.0, 1.0);
        String huge = "Compute the eigenvalues of the matrix and justify each step. ".repeat(100_000); // ~6 MB
        assertThat(score(huge).score()).isBetween(0.0, 1.0);
        ChatMessage imageOnly = new ChatMessage(Role.USER, List.of(new ContentPart.ImageUrl("https://example.com/a.png", "auto"),
                new ContentPart.Other("input_audio", "{\"data\":\"AAAA\"}")), true, Optional.empty(), List.of(), Optional.empty());
        ChatRequest request = ChatRequest.ofUser("auto", "x").withMessages(List.of(imageOnly));
        assertThat(loaded.scorer().score(request).score()).isBetween(0.0, 1.0);
    }

    @Test
    void concurrentCallersGetTheSameScoresAsOneCaller() throws Exception {
        List<String> prompts = List.of("hello", "Integrate x*sin(x) dx.", "Summarize the French revolution in 3 bullet points.",
                "What is 17% of 240?", "Translate 'good morning' into Japanese.", "def f(x): return x+1  # why does this fail?");
        List<Double> alone = prompts.stream().map(p -> score(p).score()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Double>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) runs.add(pool.submit(() -> prompts.stream().map(p -> score(p).score()).toList()));
            for (Future<List<Double>> run : runs) assertThat(run.get()).isEqualTo(alone);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theBuiltInRouterRoutesAndExplainsAcrossThreeTiers() {
        List<TierRef> tiers = List.of(new TierRef("small", 0, Set.of(Locality.IN_PROCESS)),
                new TierRef("medium", 1, Set.of(Locality.LAN)), new TierRef("large", 2, Set.of(Locality.CLOUD)));
        ChatRequest request = ChatRequest.ofUser("auto", "hello");
        RoutePlan plan = loaded.router().plan(request, loaded.scorer().score(request), tiers);
        assertThat(plan.tiers()).hasSize(3).containsExactlyInAnyOrder("small", "medium", "large");
        assertThat(plan.reason()).contains("score", "max-strong-share 0.20", "strongest signals");
        assertThat(loaded.router().strongShare()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void aRouterFileSurvivesWritingAndReading() {
        Path copy = dir.resolve("router.json");
        RouterFiles.write(loaded.file(), copy);
        LearnedDifficultyScorer reread = new LearnedDifficultyScorer(RouterFiles.load(copy.toString()),
                io.tiergate.router.features.MiniLmSentenceEmbedder.shared());
        ChatRequest request = ChatRequest.ofUser("auto", "What is the capital of Australia?");
        assertThat(reread.score(request).score()).isCloseTo(loaded.scorer().score(request).score(), within(1e-9));
    }

    @Test
    void missingOrBrokenRouterFilesAreClearErrors() throws IOException {
        assertThatThrownBy(() -> RouterFiles.load(dir.resolve("none.json").toString()))
                .isInstanceOf(TiergateException.class).hasMessageContaining("Router file not found");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\": \"tiergate-router/3\", \"model\": 3");
        assertThatThrownBy(() -> RouterFiles.load(broken.toString()))
                .isInstanceOf(TiergateException.class).hasMessageContaining("is not a valid router");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"format\": \"something-else/9\"}");
        assertThatThrownBy(() -> RouterFiles.load(other.toString()))
                .isInstanceOf(TiergateException.class).hasMessageContaining("expected 'tiergate-router/3'");
        Path floatEmbeddings = Files.writeString(dir.resolve("v1.json"), "{\"format\": \"tiergate-router/1\"}");
        assertThatThrownBy(() -> RouterFiles.load(floatEmbeddings.toString()))
                .isInstanceOf(TiergateException.class).hasMessageContaining("float all-MiniLM-L6-v2").hasMessageContaining("retrain");
        Path allLayers = Files.writeString(dir.resolve("v2.json"), "{\"format\": \"tiergate-router/2\"}");
        assertThatThrownBy(() -> RouterFiles.load(allLayers.toString()))
                .isInstanceOf(TiergateException.class).hasMessageContaining("all 6 layers").hasMessageContaining("retrain");
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"format\": \"tiergate-router/3\"}");
        assertThatThrownBy(() -> RouterFiles.load(empty.toString()))
                .isInstanceOf(TiergateException.class).hasMessageContaining("needs 'standardizer', 'model'");
    }
}
