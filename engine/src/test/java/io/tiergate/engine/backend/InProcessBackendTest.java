package io.tiergate.engine.backend;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Locality;
import io.tiergate.api.Role;
import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.tokenizer.Tokenizer;
import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessBackendTest {

    @TempDir
    static Path dir;
    static Path tiny;
    static Path tinyQwen;

    @BeforeAll
    static void files() {
        tiny = SyntheticModelWriter.write(dir.resolve("tiny.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 3);
        tinyQwen = SyntheticModelWriter.write(dir.resolve("tiny-qwen.gguf"), SyntheticModelShape.tiny("qwen2"), GgufTensorType.Q8_0, 4);
    }

    private static InProcessBackend backend(EngineConfig config) throws Exception {
        Path corrupt = dir.resolve("corrupt.gguf");
        Files.write(corrupt, java.util.Arrays.copyOf(Files.readAllBytes(tiny), 5000));
        return new InProcessBackend("engine", new MapModelLocator(Map.of("tiny", tiny, "tiny-qwen", tinyQwen, "corrupt", corrupt)),
                config, InProcessBackend.chatMlFallback());
    }

    private static EngineConfig config(int parallel, int maxQueued) {
        return new EngineConfig(2, 256, parallel, maxQueued, Duration.ofMinutes(5), 0);
    }

    /** A greedy (temperature 0) chat of one user message; other tests of this package use it too. */
    static ChatRequest greedy(String model, String text, int maxTokens) {
        ChatRequest r = ChatRequest.ofUser(model, text);
        var p = r.params().withMaxTokens(maxTokens);
        p = new io.tiergate.api.GenerationParams(p.maxTokens(), java.util.OptionalDouble.of(0), p.topP(), p.topK(), p.minP(),
                p.repeatPenalty(), p.frequencyPenalty(), p.presencePenalty(), p.seed(), p.stop(), p.logprobs(), p.topLogprobs(), p.n());
        return r.withParams(p);
    }

    @Test
    void answersAChatWithUsageCountedByTheModelsTokenizer() throws Exception {
        try (InProcessBackend b = backend(config(2, 4))) {
            assertThat(b.info().locality()).isEqualTo(Locality.IN_PROCESS);
            assertThat(b.info().provider()).isEqualTo("tiergate");
            assertThat(b.info().models()).contains("tiny", "tiny-qwen");
            BackendOutcome out = b.chat(greedy("tiny", "Hello there", 12), io.tiergate.api.ChatStream.DISCARD);
            assertThat(out).isInstanceOf(BackendOutcome.Completed.class);
            ChatResponse r = ((BackendOutcome.Completed) out).response();
            String prompt = new ChatMlPromptRenderer().render(List.of(io.tiergate.api.ChatMessage.of(Role.USER, "Hello there")), List.of(), true);
            try (GgufFile f = GgufFile.open(tiny)) {
                int expected = Tokenizer.fromGguf(f.metadata()).encode(prompt, false, true).length;
                assertThat(r.usage().promptTokens()).isEqualTo(expected);
            }
            assertThat(r.usage().completionTokens()).isBetween(1L, 12L);
            assertThat(r.choices().getFirst().finishReason()).isIn("stop", "length");
            assertThat(r.choices().getFirst().message().role()).isEqualTo(Role.ASSISTANT);
        }
    }

    @Test
    void rendersWithTheModelsOwnChatTemplate() {
        String template = "{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}";
        Path file = SyntheticModelWriter.write(dir.resolve("templated.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 3,
                Map.of("tokenizer.chat_template", template));
        try (InProcessBackend b = new InProcessBackend("engine", new MapModelLocator(Map.of("t", file)), config(1, 1))) {
            ChatResponse r = ((BackendOutcome.Completed) b.chat(greedy("t", "Hi!", 2), io.tiergate.api.ChatStream.DISCARD)).response();
            // one token per byte in the synthetic vocabulary
            assertThat(r.usage().promptTokens()).isEqualTo("[user]Hi![assistant]".length());
        }
    }

    @Test
    void streamsChunksThatAddUpToTheResponse() throws Exception {
        try (InProcessBackend b = backend(config(2, 4))) {
            List<ChatChunk> chunks = new ArrayList<>();
            ChatRequest req = greedy("tiny", "Stream me", 10).withStream(true, true);
            ChatResponse r = ((BackendOutcome.Completed) b.chat(req, c -> chunks.add(c))).response();
            StringBuilder text = new StringBuilder();
            chunks.forEach(c -> c.choices().forEach(d -> d.content().ifPresent(text::append)));
            assertThat(text.toString()).isEqualTo(r.text());
            assertThat(chunks.getFirst().choices().getFirst().role()).contains(Role.ASSISTANT);
            ChatChunk last = chunks.getLast();
            assertThat(last.usage()).contains(r.usage());
            assertThat(chunks.get(chunks.size() - 2).choices().getFirst().finishReason()).contains(r.choices().getFirst().finishReason());
        }
    }

    /**
     * A stream listener's Error surfaces in its caller's own thread (the chunks are written there) and the
     * model keeps serving; it used to be thrown on the batch thread and kill it, leaving every request waiting
     * (hence the timeout).
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anErrorInOneRequestFailsItAndTheModelKeepsServing() throws Exception {
        try (InProcessBackend b = backend(config(2, 4))) {
            ChatRequest req = greedy("tiny", "Stream me", 10).withStream(true, true);
            assertThatThrownBy(() -> b.chat(req, c -> {
                throw new AssertionError("a listener that breaks");
            })).isInstanceOf(AssertionError.class).hasMessage("a listener that breaks");
            assertThat(b.chat(greedy("tiny", "Still there?", 5), ChatStream.DISCARD)).isInstanceOf(BackendOutcome.Completed.class);
        }
    }

    /**
     * A client that stops reading (its listener blocks, as a write to a full socket does) holds up only its
     * own request: the batch thread hands chunks over instead of writing them (it used to stall every
     * sequence of the model; hence the timeouts).
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aClientThatStopsReadingDoesNotStallTheOtherRequestsOfTheModel() throws Exception {
        try (InProcessBackend b = backend(config(2, 4))) {
            java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            var threads = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory()); // the common pool may have one thread
            var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.chat(greedy("tiny", "Stream me", 10).withStream(true, true), c -> {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }), threads);
            assertThat(stuck.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.chat(greedy("tiny", "Still there?", 5), ChatStream.DISCARD), threads);
            assertThat(other.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(BackendOutcome.Completed.class);
            release.countDown();
            assertThat(slow.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(BackendOutcome.Completed.class);
            threads.shutdown();
        }
    }

    @Test
    void concurrentRequestsAreBatchedAndGiveTheSameAnswersAsAlone() throws Exception {
        try (InProcessBackend b = backend(config(4, 8))) {
            List<String> prompts = List.of("one", "two two", "three three three", "four");
            List<String> alone = new ArrayList<>();
            for (String p : prompts) alone.add(((BackendOutcome.Completed) b.chat(greedy("tiny", p, 16), io.tiergate.api.ChatStream.DISCARD)).response().text());
            List<CompletableFuture<BackendOutcome>> together = new ArrayList<>();
            for (String p : prompts) together.add(CompletableFuture.supplyAsync(() -> b.chat(greedy("tiny", p, 16), io.tiergate.api.ChatStream.DISCARD)));
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(((BackendOutcome.Completed) together.get(i).join()).response().text()).isEqualTo(alone.get(i));
            }
        }
    }

    @Test
    void refusesWithOverloadedAndRetryAfterWhenTheQueueIsFull() throws Exception {
        try (InProcessBackend b = backend(config(1, 0))) {
            java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            // The first request holds the only slot: its stream blocks until the second has been refused.
            CompletableFuture<BackendOutcome> first = CompletableFuture.supplyAsync(() -> b.chat(greedy("tiny", "a long one", 50).withStream(true, false), c -> {
                streaming.countDown();
                try {
                    release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }));
            assertThat(streaming.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("first request started streaming").isTrue();
            BackendOutcome second = b.chat(greedy("tiny", "second", 5), io.tiergate.api.ChatStream.DISCARD);
            release.countDown();
            assertThat(second).isInstanceOf(BackendOutcome.Failed.class);
            BackendFailure f = ((BackendOutcome.Failed) second).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.OVERLOADED);
            assertThat(f.retryAfter()).isPresent();
            assertThat(f.upstreamStatus()).contains(503);
            assertThat(first.join()).isInstanceOf(BackendOutcome.Completed.class);
        }
    }

    @Test
    void reportsUnknownAndCorruptModelsAsFailuresNamingThem() throws Exception {
        try (InProcessBackend b = backend(config(1, 1))) {
            BackendFailure unknown = ((BackendOutcome.Failed) b.chat(greedy("nope", "hi", 3), io.tiergate.api.ChatStream.DISCARD)).failure();
            assertThat(unknown.kind()).isEqualTo(BackendFailure.Kind.CLIENT_ERROR);
            assertThat(unknown.message()).contains("'nope'").contains("tiny");
            BackendFailure corrupt = ((BackendOutcome.Failed) b.chat(greedy("corrupt", "hi", 3), io.tiergate.api.ChatStream.DISCARD)).failure();
            assertThat(corrupt.kind()).isEqualTo(BackendFailure.Kind.SERVER_ERROR);
            assertThat(corrupt.message()).contains("corrupt.gguf").contains("truncated");
        }
    }

    @Test
    void refusesAPromptLongerThanTheContext() throws Exception {
        try (InProcessBackend b = backend(config(1, 1))) {
            assertThatThrownBy(() -> b.chat(greedy("tiny", "x".repeat(400), 3), io.tiergate.api.ChatStream.DISCARD))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("256");
        }
    }

    @Test
    void keepAliveZeroUnloadsAndTheBudgetEvictsTheLeastRecentlyUsed() throws Exception {
        long oneModel = Files.size(tiny) + 2L * 2 * 256 * 128 * 4 + 4096;
        try (InProcessBackend b = backend(new EngineConfig(1, 256, 1, 1, Duration.ofMinutes(5), oneModel + oneModel / 2))) {
            b.chat(greedy("tiny", "a", 1), io.tiergate.api.ChatStream.DISCARD);
            assertThat(b.residency().residentNames()).containsExactly("tiny");
            b.chat(greedy("tiny-qwen", "b", 1), io.tiergate.api.ChatStream.DISCARD);
            assertThat(b.residency().residentNames()).containsExactly("tiny-qwen");
            ChatRequest zero = greedy("tiny-qwen", "c", 1);
            zero = new ChatRequest(zero.model(), zero.messages(), zero.params(), zero.tools(), zero.toolChoiceJson(), zero.responseFormatJson(),
                    false, false, zero.user(), zero.metadata(), Map.of("keep_alive", "0"));
            b.chat(zero, io.tiergate.api.ChatStream.DISCARD);
            assertThat(b.residency().residentNames()).isEmpty();
        }
    }

    /**
     * Shutting the engine down under a running request ends it as a retryable 503 naming the shutdown, not
     * as an internal error; a request after the shutdown gets the same.
     */
    @Test
    void aRequestTheEngineShutsDownUnderIsA503NotAnInternalError() throws Exception {
        InProcessBackend b = backend(config(1, 4));
        var probe = b.residency().acquire("tiny", java.util.Optional.empty()).orElseThrow(); // to watch the model's queue
        var scheduler = probe.model().scheduler();
        CompletableFuture<BackendOutcome> running = CompletableFuture.supplyAsync(
                () -> b.chat(greedy("tiny", "Tell me a long story", 240), ChatStream.DISCARD));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (scheduler.load() == 0 && !running.isDone() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(running).as("the request was still generating when the engine shut down").isNotDone();
        b.close();
        for (BackendOutcome out : List.of(running.get(10, java.util.concurrent.TimeUnit.SECONDS),
                b.chat(greedy("tiny", "And another", 8), ChatStream.DISCARD))) {
            assertThat(out).isInstanceOf(BackendOutcome.Failed.class);
            BackendFailure f = ((BackendOutcome.Failed) out).failure();
            assertThat(f.upstreamStatus()).contains(503);
            assertThat(f.retryAfter()).contains(Duration.ofSeconds(1));
            assertThat(f.retryable()).isTrue();
            assertThat(f.message()).contains("model 'tiny'", "shutting down");
        }
    }
}
