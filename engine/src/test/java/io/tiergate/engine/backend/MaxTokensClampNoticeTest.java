package io.tiergate.engine.backend;

import io.tiergate.api.BackendNotice;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.engine.EngineConfig;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A max_tokens beyond the context's room is clamped, and the caller hears of it through {@link BackendNotice#LISTENER}. */
class MaxTokensClampNoticeTest {

    /** Tokens of context the engine gives each sequence; small so the room after a short prompt is small. */
    private static final int CONTEXT = 48;

    @TempDir
    static Path dir;
    static InProcessBackend backend;

    @BeforeAll
    static void start() {
        Path tiny = SyntheticModelWriter.write(dir.resolve("tiny.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 3);
        backend = new InProcessBackend("engine", new MapModelLocator(Map.of("tiny", tiny)),
                new EngineConfig(2, CONTEXT, 2, 4, Duration.ofMinutes(5), 0), InProcessBackend.chatMlFallback());
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static ChatRequest greedy(int maxTokens) {
        return InProcessBackendTest.greedy("tiny", "Hello there", maxTokens);
    }

    /** Runs the call with a bound listener; {@code events} gets notices and chunks in the order they arrived. */
    private static ChatResponse chat(ChatRequest request, List<Object> events) {
        ChatStream stream = chunk -> events.add(chunk);
        BackendOutcome out = ScopedValue.where(BackendNotice.LISTENER, events::add).call(() -> backend.chat(request, stream));
        assertThat(out).isInstanceOf(BackendOutcome.Completed.class);
        return ((BackendOutcome.Completed) out).response();
    }

    @Test
    void anUnstreamedRequestBeyondTheRoomLeftIsClampedAndReportedWithBothCounts() {
        List<Object> events = Collections.synchronizedList(new ArrayList<>());
        ChatResponse r = chat(greedy(1000), events);
        long prompt = r.usage().promptTokens();
        int room = CONTEXT - (int) prompt;
        assertThat(room).isBetween(2, CONTEXT - 1);
        assertThat(events).containsExactly(new BackendNotice.MaxTokensClamped(1000, room, (int) prompt, CONTEXT));
        // this file's greedy continuation meets no end-of-generation token, so it runs into the clamped budget
        assertThat(r.usage().completionTokens()).isEqualTo(room);
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("length");
    }

    @Test
    void aStreamedRequestHearsOfTheClampBeforeItsFirstChunk() {
        List<Object> events = Collections.synchronizedList(new ArrayList<>());
        ChatResponse r = chat(greedy(1000).withStream(true, false), events);
        int room = CONTEXT - (int) r.usage().promptTokens();
        assertThat(events.getFirst()).isEqualTo(new BackendNotice.MaxTokensClamped(1000, room, (int) r.usage().promptTokens(), CONTEXT));
        assertThat(events.subList(1, events.size())).isNotEmpty().allMatch(e -> e instanceof ChatChunk);
    }

    @Test
    void exactlyTheRoomLeftIsNotAClamp() {
        List<Object> probe = Collections.synchronizedList(new ArrayList<>());
        int room = CONTEXT - (int) chat(greedy(1000), probe).usage().promptTokens();
        List<Object> events = Collections.synchronizedList(new ArrayList<>());
        chat(greedy(room), events);
        assertThat(events).isEmpty();
        List<Object> streamed = Collections.synchronizedList(new ArrayList<>());
        chat(greedy(3).withStream(true, false), streamed);
        assertThat(streamed).isNotEmpty().allMatch(e -> e instanceof ChatChunk);
    }

    @Test
    void aClampWithNoListenerBoundIsNoError() {
        BackendOutcome out = backend.chat(greedy(1000), ChatStream.DISCARD);
        assertThat(out).isInstanceOf(BackendOutcome.Completed.class);
    }
}
